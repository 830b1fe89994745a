package io.customer360.enrichment.client.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Turns a provider's HTTP answer into a parsed body or a {@link ProviderCallFailed}: 404 is "no match", 429 and 5xx
 * are retryable (with the provider's Retry-After), other 4xx are permanent, and a body over the size limit or not
 * JSON is rejected before anything reads it.
 */
public final class ProviderResponses {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ProviderResponses() {}

    public static Uni<ProviderAnswer> answer(
            String provider, Uni<String> call, int maxBytes, Function<JsonNode, ProviderAnswer> parse) {
        return handled(provider, call.map(body -> parse.apply(parse(provider, body, maxBytes))));
    }

    /**
     * As {@link #answer}, for an API that answers 202 while it looks the subject up (Clearbit): no data yet,
     * {@link ProviderAnswer#queuedLookup()}, neither a failure nor a match.
     */
    public static Uni<ProviderAnswer> answerUnlessQueued(
            String provider, Uni<Response> call, int maxBytes, Function<JsonNode, ProviderAnswer> parse) {
        return handled(
                provider,
                call.map(response -> response.getStatus() == 202
                        ? ProviderAnswer.queuedLookup()
                        : parse.apply(parse(provider, response.readEntity(String.class), maxBytes))));
    }

    private static Uni<ProviderAnswer> handled(String provider, Uni<ProviderAnswer> answer) {
        return answer.onFailure(WebApplicationException.class)
                .recoverWithUni(failure -> statusToAnswer(provider, ((WebApplicationException) failure).getResponse()))
                .onFailure(failure -> !(failure instanceof ProviderCallFailed))
                .transform(failure -> failure instanceof ProcessingException
                                || failure instanceof TimeoutException
                                || failure instanceof IOException
                                || failure.getCause() instanceof IOException
                        ? new ProviderCallFailed(provider + " is unreachable", true, null)
                        : ProviderCallFailed.permanent(provider + " answered something unusable"));
    }

    /** The body as JSON, refusing bodies over {@code maxBytes} (characters count as at least one byte each). */
    static JsonNode parse(String provider, String body, int maxBytes) {
        if (body == null || body.length() > maxBytes) {
            throw ProviderCallFailed.permanent(provider + " sent a response over " + maxBytes + " bytes");
        }
        try {
            JsonNode node = MAPPER.readTree(body);
            if (node == null || !node.isObject()) {
                throw ProviderCallFailed.permanent(provider + " sent a response that is not a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw ProviderCallFailed.permanent(provider + " sent a response that is not JSON");
        }
    }

    private static Uni<ProviderAnswer> statusToAnswer(String provider, Response response) {
        int status = response.getStatus();
        if (status == 404) {
            return Uni.createFrom().item(ProviderAnswer.noMatch());
        }
        boolean retryable = status == 429 || status >= 500;
        return Uni.createFrom()
                .failure(new ProviderCallFailed(
                        provider + " answered " + status,
                        retryable,
                        retryable ? retryAfter(response.getHeaderString("Retry-After")) : null,
                        status));
    }

    /** Retry-After as seconds or an HTTP date; null when absent or unreadable. */
    static Duration retryAfter(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(header.trim())));
        } catch (NumberFormatException notSeconds) {
            try {
                Duration wait = Duration.between(
                        ZonedDateTime.now(), ZonedDateTime.parse(header.trim(), DateTimeFormatter.RFC_1123_DATE_TIME));
                return wait.isNegative() ? Duration.ZERO : wait;
            } catch (DateTimeParseException unreadable) {
                return null;
            }
        }
    }
}
