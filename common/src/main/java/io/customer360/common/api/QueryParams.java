package io.customer360.common.api;

/**
 * Query parameters checked against their bounds. Taken as text: JAX-RS answers 404 to a query parameter it cannot
 * convert, while a wrong value is a 400 naming the parameter.
 */
public final class QueryParams {

    private QueryParams() {}

    /** The whole number {@code value} of {@code field}, {@code fallback} when absent; outside [min, max] a 400. */
    public static int boundedInt(String field, String value, int fallback, int min, int max) {
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw ProblemException.invalid(field, "must be a whole number between " + min + " and " + max);
    }
}
