package io.customer360.aggregator.api;

import io.customer360.common.api.ProblemException;
import io.customer360.common.api.ProblemType;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/**
 * Which form of the context pack a request gets: {@code ?format=} when given, otherwise the first acceptable type of
 * the Accept header (in the client's order of preference) that the pack has; markdown when any type will do. A form the
 * Accept header rules out is a 406 problem, never a body of another type.
 */
final class ContextNegotiation {

    static final String MARKDOWN = "text/markdown";
    private static final MediaType MARKDOWN_TYPE = MediaType.valueOf(MARKDOWN);

    private ContextNegotiation() {}

    /** "markdown" or "json"; {@code acceptable} sorted by preference, as JAX-RS gives it (empty: anything). */
    static String format(String format, List<MediaType> acceptable) {
        if (format != null && !format.isBlank()) {
            MediaType type = "json".equals(format) ? MediaType.APPLICATION_JSON_TYPE : MARKDOWN_TYPE;
            if (!acceptable.isEmpty() && acceptable.stream().noneMatch(accepted -> accepted.isCompatible(type))) {
                throw notAcceptable();
            }
            return format; // an unknown format is the pack's 400 naming it
        }
        for (MediaType accepted : acceptable) {
            if (accepted.isCompatible(MARKDOWN_TYPE)) {
                return "markdown"; // also */* and text/*
            }
            if (accepted.isCompatible(MediaType.APPLICATION_JSON_TYPE)) {
                return "json";
            }
        }
        if (acceptable.isEmpty()) {
            return "markdown";
        }
        throw notAcceptable();
    }

    private static ProblemException notAcceptable() {
        return new ProblemException(
                ProblemType.NOT_ACCEPTABLE, "The context pack is text/markdown or application/json");
    }
}
