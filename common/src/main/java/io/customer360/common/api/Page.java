package io.customer360.common.api;

import java.util.List;
import java.util.function.Function;

/** One page of a list (DESIGN.md: {@code ?limit=&cursor=} answers {@code {items, nextCursor}}); no next page: null. */
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

    /**
     * The page size asked for, checked against the bounds. Taken as text: JAX-RS answers 404 to a query parameter
     * it cannot convert, and a wrong {@code limit} is a 400 naming the field.
     */
    public static int limit(String requested) {
        if (requested == null || requested.isEmpty()) {
            return DEFAULT_LIMIT;
        }
        int limit;
        try {
            limit = Integer.parseInt(requested);
        } catch (NumberFormatException e) {
            limit = -1;
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ProblemException.invalid("limit", "must be a whole number between 1 and " + MAX_LIMIT);
        }
        return limit;
    }
}
