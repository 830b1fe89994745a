package io.customer360.aggregator.api.console;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A part of a console page as the browser gets it: {@code {status: ok, data}} with what the service answered (its
 * contract record), {@code {status: missing}} (no such customer for this tenant), or {@code {status: unavailable,
 * reason}} / {@code {status: withheld, reason}}. One failing part leaves the rest of the page standing and says so.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PagePart<T>(String status, T data, String reason) {

    static <T> PagePart<T> ok(T data) {
        return new PagePart<>("ok", data, null);
    }

    static <T> PagePart<T> missing() {
        return new PagePart<>("missing", null, null);
    }

    static <T> PagePart<T> unavailable(String reason) {
        return new PagePart<>("unavailable", null, reason);
    }

    static <T> PagePart<T> withheld(String reason) {
        return new PagePart<>("withheld", null, reason);
    }
}
