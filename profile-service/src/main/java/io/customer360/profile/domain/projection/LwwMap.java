package io.customer360.profile.domain.projection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;

/**
 * Last-writer-wins maps, the shape of every piece of state in the store: each field is {@code {"v": value,
 * "at": version}}. The version is the event time (epoch microseconds, 17 digits) and the event id, so versions
 * compare as plain text and two events of the same microsecond still order deterministically. {@link #merge} keeps,
 * per field, the greater version: commutative, associative, idempotent. The database's {@code lww_merge} function
 * is the same rule (V3 migration); events merged in any order and any number of times give one state.
 */
public final class LwwMap {

    private LwwMap() {}

    public static String version(Instant time, String eventId) {
        String micros = Long.toString(Math.max(ChronoUnit.MICROS.between(Instant.EPOCH, time), 0));
        return "0".repeat(Math.max(17 - micros.length(), 0)) + micros + "|" + eventId;
    }

    public static ObjectNode empty() {
        return JsonNodeFactory.instance.objectNode();
    }

    public static void put(ObjectNode map, String field, JsonNode value, String version) {
        ObjectNode entry = map.objectNode();
        entry.set("v", value);
        entry.put("at", version);
        JsonNode current = map.get(field);
        if (current == null || newer(entry, current)) {
            map.set(field, entry);
        }
    }

    /** {@code into} becomes the merge of both maps. */
    public static void mergeInto(ObjectNode into, ObjectNode other) {
        for (Iterator<Map.Entry<String, JsonNode>> fields = other.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode current = into.get(field.getKey());
            if (current == null || newer(field.getValue(), current)) {
                into.set(field.getKey(), field.getValue());
            }
        }
    }

    /** The values alone: {@code {"status": "open", …}}. */
    public static ObjectNode values(JsonNode map) {
        ObjectNode values = JsonNodeFactory.instance.objectNode();
        if (map != null) {
            map.fields()
                    .forEachRemaining(
                            field -> values.set(field.getKey(), field.getValue().get("v")));
        }
        return values;
    }

    /** The ids of the events whose values the map holds, newest first: the evidence a record rests on. */
    public static java.util.List<String> eventIds(JsonNode map) {
        java.util.TreeMap<String, String> byVersion = new java.util.TreeMap<>(java.util.Comparator.reverseOrder());
        if (map != null) {
            map.fields().forEachRemaining(field -> {
                String version = field.getValue().path("at").asText("");
                int bar = version.indexOf('|');
                if (bar > 0) {
                    byVersion.putIfAbsent(version, version.substring(bar + 1));
                }
            });
        }
        return byVersion.values().stream().distinct().toList();
    }

    /** Compared as UTF-8 bytes, exactly as PostgreSQL's {@code COLLATE "C"} compares them. */
    private static boolean newer(JsonNode candidate, JsonNode current) {
        return Arrays.compareUnsigned(
                        candidate.path("at").asText().getBytes(StandardCharsets.UTF_8),
                        current.path("at").asText().getBytes(StandardCharsets.UTF_8))
                > 0;
    }
}
