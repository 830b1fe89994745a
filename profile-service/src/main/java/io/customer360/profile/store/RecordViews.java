package io.customer360.profile.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.customer360.profile.domain.projection.LwwMap;
import io.customer360.profile.domain.projection.SourceKeys;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A record as the API shows it: {@code id}, its field values under camelCase names, {@code firstSeenAt} and
 * {@code lastChangedAt}, and {@code eventIds}: the events its current values come from, newest first. A sensitive note shown to a caller without {@code c360.sensitive} keeps its id, dates and
 * category, loses its title and content, and says {@code redacted: true}. A field reported per source (ARR, seats,
 * contract dates, a contact's role) shows its newest value at the top and, under {@code sources.<field>}, the newest
 * value of each source that reported it, by source name; a record without such values has no {@code sources}.
 */
public final class RecordViews {

    private RecordViews() {}

    public static ObjectNode view(Row row, boolean maySeeSensitive) {
        ObjectNode view = JsonNodeFactory.instance.objectNode();
        view.put("id", row.getString("record_id"));
        JsonNode fields = json(row.getValue("fields"));
        ObjectNode values = LwwMap.values(fields);
        if ("note".equals(row.getString("kind")) && !values.has("sensitive")) {
            values.put("sensitive", false);
        }
        boolean redact = values.path("sensitive").asBoolean(false) && !maySeeSensitive;
        ObjectNode sources = JsonNodeFactory.instance.objectNode();
        values.fields().forEachRemaining(field -> {
            String perSource = SourceKeys.fieldOf(field.getKey());
            if (perSource != null) {
                addSource(sources, perSource, field.getKey(), fields.get(field.getKey()));
            } else if (!(redact
                    && (field.getKey().equals("content") || field.getKey().equals("title")))) {
                view.set(camelCase(field.getKey()), field.getValue());
            }
        });
        if (!sources.isEmpty()) {
            sources.fields().forEachRemaining(field -> sortBySource((ArrayNode) field.getValue()));
            view.set("sources", sources);
        }
        if (values.has("sensitive")) {
            view.put("redacted", redact);
        }
        view.put("firstSeenAt", utc(row.getOffsetDateTime("first_seen_at")));
        view.put("lastChangedAt", utc(row.getOffsetDateTime("last_changed_at")));
        LwwMap.eventIds(fields).forEach(view.putArray("eventIds")::add);
        return view;
    }

    /**
     * One source's value of a field reported per source, under {@code sources.<field>}: {@code source}, {@code value},
     * {@code at} (the event's time) and {@code eventId}.
     */
    private static void addSource(ObjectNode sources, String field, String key, JsonNode entry) {
        String version = entry.path("at").asText("");
        int bar = version.indexOf('|');
        ObjectNode value = sources.withArray(camelCase(field)).addObject();
        value.put("source", SourceKeys.sourceOf(key));
        value.set("value", entry.get("v"));
        value.put(
                "at",
                bar < 0
                        ? null
                        : Instant.EPOCH
                                .plus(Long.parseLong(version.substring(0, bar)), ChronoUnit.MICROS)
                                .toString());
        value.put("eventId", bar < 0 ? null : version.substring(bar + 1));
    }

    /** By source name, so the same stored state always reads the same, whatever order the events came in. */
    private static void sortBySource(ArrayNode values) {
        List<JsonNode> sorted = new ArrayList<>();
        values.forEach(sorted::add);
        sorted.sort(Comparator.comparing(value -> value.path("source").asText()));
        values.removeAll();
        values.addAll(sorted);
    }

    /** A record's view as its type of the shared contract (a record of io.customer360.common.contract.profile). */
    public static <T> T as(ObjectNode view, Class<T> type) {
        try {
            return Json.MAPPER.treeToValue(view, type);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("A stored " + type.getSimpleName() + " is not readable", e);
        }
    }

    /**
     * A jsonb value read back into a Jackson tree: selected as text ({@code fields::text}), it is parsed once; a jsonb
     * column Vert.x decoded into a {@link JsonObject} is encoded and parsed again.
     */
    public static JsonNode json(Object value) {
        if (value == null) {
            return null;
        }
        try {
            return Json.MAPPER.readTree(value instanceof JsonObject object ? object.encode() : value.toString());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Stored JSON is not readable", e);
        }
    }

    public static String camelCase(String snake) {
        StringBuilder camel = new StringBuilder(snake.length());
        boolean upper = false;
        for (char c : snake.toCharArray()) {
            if (c == '_') {
                upper = true;
            } else {
                camel.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return camel.toString();
    }

    static String utc(OffsetDateTime time) {
        return time == null ? null : utcTime(time).toString();
    }

    /** The same instant with the offset UTC, as every answer shows times. */
    public static OffsetDateTime utcTime(OffsetDateTime time) {
        return time == null ? null : time.withOffsetSameInstant(ZoneOffset.UTC);
    }
}
