package io.customer360.common.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses a request whose declared body is larger than {@code quarkus.http.limits.max-body-size} with a 413 problem
 * document naming the limit, before anything reads the body. (Quarkus' own limit answers such a request with an
 * empty 413; it stays the backstop for chunked bodies, which declare no length.)
 */
@ApplicationScoped
public class RequestBodyLimit {

    /** Before routing and authentication: an oversized body is refused whoever sends it. */
    private static final int PRIORITY = 1000;

    private final long maxBytes;
    private final String refusal;

    RequestBodyLimit(
            @ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize, ObjectMapper mapper)
            throws JsonProcessingException {
        this.maxBytes = maxBodySize.asLongValue();
        this.refusal = mapper.writeValueAsString(Problem.of(
                ProblemType.PAYLOAD_TOO_LARGE,
                "the request body is larger than " + maxBytes + " bytes",
                List.of(new Problem.Violation("body", "at most " + maxBytes + " bytes"))));
    }

    void register(@Observes Filters filters) {
        filters.register(this::check, PRIORITY);
    }

    private void check(RoutingContext context) {
        if (declaredLength(context.request().getHeader("Content-Length")) > maxBytes) {
            context.response()
                    .setStatusCode(413)
                    .putHeader("Content-Type", Problem.MEDIA_TYPE)
                    .putHeader("Connection", "close")
                    .end(refusal);
            return;
        }
        context.next();
    }

    /** The declared length, or -1 when there is none (or it is not a number: the HTTP layer refuses that itself). */
    private static long declaredLength(String header) {
        if (header == null) {
            return -1;
        }
        try {
            return Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
