package io.customer360.common.api;

import java.util.List;
import java.util.function.Function;

/** One page of a list (docs/architecture.md: {@code ?limit=&cursor=} answers {@code {items, nextCursor}}); no next page: null. */
public record Page<T>(List<T> items, String nextCursor) {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 500;

    /**
     * The page of {@code size} items from a query that fetched up to {@code size + 1}: one more item than the page
     * holds means there is a next page, starting after the page's last item.
     */
    public static <T> Page<T> of(List<T> fetched, int size, Function<T, String> cursorAfter) {
        if (fetched.size() <= size) {
            return new Page<>(fetched, null);
        }
        return new Page<>(fetched.subList(0, size), cursorAfter.apply(fetched.get(size - 1)));
    }

    /** The page size asked for ({@code limit}), 1 to {@value #MAX_LIMIT}, default {@value #DEFAULT_LIMIT}. */
    public static int limit(String requested) {
        return QueryParams.boundedInt("limit", requested, DEFAULT_LIMIT, 1, MAX_LIMIT);
    }
}
