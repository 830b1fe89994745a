package io.customer360.ingest.service;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The stable id of an event (docs/architecture.md, Idempotency): {@code event_id} if the partner gave one, else the
 * {@code Nats-Msg-Id} header, else a hash of the event's canonical content, so the same event delivered twice,
 * through NATS or HTTP, gets the same id.
 */
public final class EventIds {

    private EventIds() {}

    public static String stableId(String tenant, JsonNode event, String natsMsgId) {
        JsonNode given = event.get("event_id");
        if (given != null && given.isTextual() && !given.asText().isBlank()) {
            return given.asText();
        }
        if (natsMsgId != null && !natsMsgId.isBlank()) {
            return natsMsgId;
        }
        return contentHash(tenant, event);
    }

    /** {@code evt_} and 128 bits of SHA-256 over the tenant and the event's canonical JSON (keys sorted). */
    static String contentHash(String tenant, JsonNode event) {
        StringBuilder canonical = new StringBuilder(tenant).append('\n');
        writeCanonical(event, canonical);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
            return "evt_" + HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    private static void writeCanonical(JsonNode node, StringBuilder out) {
        if (node.isObject()) {
            List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                fields.add(it.next());
            }
            fields.sort(Map.Entry.comparingByKey());
            out.append('{');
            for (int i = 0; i < fields.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                out.append(quoted(fields.get(i).getKey())).append(':');
                writeCanonical(fields.get(i).getValue(), out);
            }
            out.append('}');
        } else if (node.isArray()) {
            out.append('[');
            for (int i = 0; i < node.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                writeCanonical(node.get(i), out);
            }
            out.append(']');
        } else if (node.isNumber()) {
            // 1734134400 and 1734134400.0 are the same timestamp: compare numbers by value
            out.append(node.decimalValue().stripTrailingZeros().toPlainString());
        } else {
            out.append(node.toString());
        }
    }

    private static String quoted(String key) {
        return com.fasterxml.jackson.databind.node.TextNode.valueOf(key).toString();
    }
}
