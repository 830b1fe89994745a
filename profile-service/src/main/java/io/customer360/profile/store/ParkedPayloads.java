package io.customer360.profile.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Set;

/**
 * Whether a parked event's raw payload may hold sensitive text. A parked event was never applied, so no note record
 * or timeline entry says whether its note is sensitive: any note event, any event whose data says {@code sensitive},
 * and anything unreadable counts as possibly sensitive.
 */
final class ParkedPayloads {

    private static final Set<String> NOTE_TYPES = Set.of("note", "observation", "note_deleted");

    private ParkedPayloads() {}

    static boolean mayBeSensitive(String payload) {
        JsonNode event;
        try {
            event = payload == null ? null : Json.MAPPER.readTree(payload);
        } catch (IOException e) {
            return true;
        }
        if (event == null || !event.isObject()) {
            return true;
        }
        JsonNode flag = event.path("data").path("sensitive");
        return NOTE_TYPES.contains(event.path("eventType").asText(""))
                || !event.path("eventType").isTextual()
                || flag.asBoolean(false)
                || "true".equalsIgnoreCase(flag.asText(""));
    }
}
