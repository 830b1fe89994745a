package io.customer360.common.api;

import java.util.List;

/** One page of a list (DESIGN.md: {@code ?limit=&cursor=} answers {@code {items, nextCursor}}); no next page: null. */
public record Page<T>(List<T> items, String nextCursor) {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 500;

    /** The page size asked for, checked against the bounds. */
    public static int limit(Integer requested) {
        if (requested == null) {
            return DEFAULT_LIMIT;
        }
        if (requested < 1 || requested > MAX_LIMIT) {
            throw ProblemException.invalid("limit", "must be between 1 and " + MAX_LIMIT);
        }
        return requested;
    }
}
