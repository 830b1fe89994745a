package io.customer360.ingest.service;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.customer360.ingest.domain.RejectReason;
import io.customer360.ingest.domain.Rejection;
import java.io.IOException;

/**
 * Parses partner bytes into a JSON tree under limits: nesting depth, duplicate keys (ambiguous, so refused) and
 * trailing garbage. The result is a tree or the rejection; no input makes it throw.
 */
public final class EventParser {

    private final ObjectMapper mapper;
    private final int maxDepth;

    public EventParser(int maxDepth) {
        this.maxDepth = maxDepth;
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(maxDepth)
                        .build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        this.mapper = JsonMapper.builder(factory)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
    }

    /** Either {@code tree} or {@code rejection} is set. */
    public record Parsed(JsonNode tree, Rejection rejection) {}

    public Parsed parse(byte[] payload) {
        if (payload.length == 0) {
            return new Parsed(null, Rejection.of(RejectReason.MALFORMED_JSON, "payload is empty"));
        }
        try {
            JsonNode tree = mapper.readTree(payload);
            if (tree == null || tree.isMissingNode()) {
                return new Parsed(null, Rejection.of(RejectReason.MALFORMED_JSON, "payload is empty"));
            }
            return new Parsed(tree, null);
        } catch (StreamConstraintsException e) {
            return new Parsed(null, Rejection.of(RejectReason.TOO_DEEP, "nested deeper than " + maxDepth + " levels"));
        } catch (IOException | RuntimeException e) {
            String detail = e.getMessage() != null && e.getMessage().startsWith("Duplicate field")
                    ? "payload has a duplicate key"
                    : "payload is not valid JSON";
            return new Parsed(null, Rejection.of(RejectReason.MALFORMED_JSON, detail));
        }
    }
}
