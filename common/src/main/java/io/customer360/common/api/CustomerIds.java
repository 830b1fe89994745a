package io.customer360.common.api;

import java.util.regex.Pattern;

/**
 * A customer id is one NATS subject token (docs/architecture.md): 1-128 characters, no '.', '*', '>' or white space (which also
 * keeps control characters and line breaks out). An id of another shape cannot exist, so it is answered as missing
 * and never passed on to a store or another service.
 */
public final class CustomerIds {

    private static final Pattern CUSTOMER_ID = Pattern.compile("[^.*>\\s\\p{Cntrl}]{1,128}");

    private CustomerIds() {}

    public static boolean isValid(String id) {
        return id != null && CUSTOMER_ID.matcher(id).matches();
    }

    /** The id, or a 404 problem when it cannot be a customer id. */
    public static String require(String id) {
        if (!isValid(id)) {
            throw ProblemException.notFound(
                    "Customer", id == null ? "" : id.length() > 64 ? id.substring(0, 64) + "…" : id);
        }
        return id;
    }
}
