package io.customer360.profile.domain.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.function.Function;

/**
 * The type of a read-model field and how a partner's value becomes it. A value that cannot be read as the type is
 * left out (the event still lands on the timeline with its data as sent): a wrong field never blocks the rest.
 */
public enum FieldType {
    TEXT {
        @Override
        public JsonNode read(JsonNode raw) {
            if (!raw.isValueNode() || raw.asText().isBlank()) {
                return null;
            }
            String text = raw.asText().strip();
            return TextNode.valueOf(text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) : text);
        }
    },
    /** A lower-case identifier such as a status or a role: {@code "Executive Sponsor"} becomes {@code executive_sponsor}. */
    CODE {
        @Override
        public JsonNode read(JsonNode raw) {
            if (!raw.isTextual() || raw.asText().isBlank() || raw.asText().length() > 64) {
                return null;
            }
            return TextNode.valueOf(
                    raw.asText().strip().toLowerCase(Locale.ROOT).replaceAll("[\\s-]+", "_"));
        }
    },
    MONEY {
        @Override
        public JsonNode read(JsonNode raw) {
            BigDecimal value = raw.isNumber() ? raw.decimalValue() : null;
            return value == null || value.abs().compareTo(MAX_AMOUNT) >= 0 ? null : DecimalNode.valueOf(value);
        }
    },
    INTEGER {
        @Override
        public JsonNode read(JsonNode raw) {
            return raw.isIntegralNumber() && raw.canConvertToInt() ? IntNode.valueOf(raw.intValue()) : null;
        }
    },
    /** Net Promoter Score answer, 0–10. */
    NPS_SCORE {
        @Override
        public JsonNode read(JsonNode raw) {
            return raw.isIntegralNumber() && raw.intValue() >= 0 && raw.intValue() <= 10
                    ? IntNode.valueOf(raw.intValue())
                    : null;
        }
    },
    /** Customer satisfaction, 1–5. */
    CSAT_SCORE {
        @Override
        public JsonNode read(JsonNode raw) {
            return raw.isNumber() && raw.doubleValue() >= 1 && raw.doubleValue() <= 5
                    ? DecimalNode.valueOf(raw.decimalValue())
                    : null;
        }
    },
    /** A 0–100 score or percentage. */
    PERCENT {
        @Override
        public JsonNode read(JsonNode raw) {
            return raw.isNumber() && raw.doubleValue() >= 0 && raw.doubleValue() <= 100
                    ? DecimalNode.valueOf(raw.decimalValue())
                    : null;
        }
    },
    BOOLEAN {
        @Override
        public JsonNode read(JsonNode raw) {
            if (raw.isBoolean()) {
                return raw;
            }
            if (raw.isTextual()
                    && (raw.asText().equalsIgnoreCase("true") || raw.asText().equalsIgnoreCase("false"))) {
                return BooleanNode.valueOf(Boolean.parseBoolean(raw.asText()));
            }
            return null;
        }
    },
    /**
     * Unix seconds (the partner contract's time format; a fraction is kept to the microsecond, as ingest-service keeps
     * the event's timestamp), an ISO-8601 instant or a date; stored as an ISO instant.
     */
    TIMESTAMP {
        @Override
        public JsonNode read(JsonNode raw) {
            Instant instant = null;
            if (raw.isIntegralNumber()
                    && raw.canConvertToLong()
                    && raw.longValue() >= 0
                    && raw.longValue() < 253_402_300_800L) {
                instant = Instant.ofEpochSecond(raw.longValue());
            } else if (raw.isFloatingPointNumber()
                    && Double.isFinite(raw.doubleValue())
                    && raw.doubleValue() >= 0
                    && raw.doubleValue() < 253_402_300_800L) {
                long micros = raw.decimalValue()
                        .movePointRight(6)
                        .setScale(0, java.math.RoundingMode.FLOOR)
                        .longValueExact();
                instant = Instant.ofEpochSecond(
                        Math.floorDiv(micros, 1_000_000), Math.floorMod(micros, 1_000_000) * 1_000L);
            } else if (raw.isTextual()) {
                instant = parseInstant(raw.asText());
            }
            return instant == null ? null : TextNode.valueOf(instant.toString());
        }
    },
    /** Ticket priority P1–P4; partner words map as docs/architecture.md documents. */
    PRIORITY {
        @Override
        public JsonNode read(JsonNode raw) {
            String priority = raw.isTextual() ? Priorities.normalize(raw.asText()) : null;
            return priority == null ? null : TextNode.valueOf(priority);
        }
    },
    /** The customer's tags: distinct non-blank strings in the order sent, at most 50 of at most 64 characters. */
    TAG_LIST {
        @Override
        public JsonNode read(JsonNode raw) {
            if (!raw.isArray()) {
                return null;
            }
            java.util.Set<String> tags = new java.util.LinkedHashSet<>();
            for (JsonNode item : raw) {
                if (item.isTextual()
                        && !item.asText().isBlank()
                        && item.asText().strip().length() <= 64
                        && tags.size() < 50) {
                    tags.add(item.asText().strip());
                }
            }
            ArrayNode list = JsonNodeFactory.instance.arrayNode();
            tags.forEach(list::add);
            return list;
        }
    },
    /**
     * The customer's custom fields: an object whose keys are letters, digits and '_' (starting with a letter, at most
     * 64) and whose values are strings (at most 1,000 characters), numbers, booleans or null (null removes the field).
     * Each is a profile field of its own ({@link #CUSTOM_FIELD_PREFIX} + key), so updates of different keys merge.
     */
    CUSTOM_FIELDS {
        @Override
        public JsonNode read(JsonNode raw) {
            if (!raw.isObject()) {
                return null;
            }
            com.fasterxml.jackson.databind.node.ObjectNode fields = JsonNodeFactory.instance.objectNode();
            raw.fields().forEachRemaining(field -> {
                JsonNode value = field.getValue();
                boolean scalar = value.isNull()
                        || value.isBoolean()
                        || value.isNumber() && Double.isFinite(value.doubleValue())
                        || value.isTextual() && value.asText().length() <= 1000;
                if (CUSTOM_FIELD_KEY.matcher(field.getKey()).matches() && scalar && fields.size() < 50) {
                    fields.set(field.getKey(), value);
                }
            });
            return fields;
        }
    },
    TEXT_LIST {
        @Override
        public JsonNode read(JsonNode raw) {
            return listOf(
                    raw,
                    item -> item.isTextual() && !item.asText().isBlank()
                            ? TextNode.valueOf(item.asText().strip())
                            : null);
        }
    },
    /** A list of codes ({@code ["Call", "e-mail"]} becomes {@code ["call", "e_mail"]}); items that are no code are left out. */
    CODE_LIST {
        @Override
        public JsonNode read(JsonNode raw) {
            return listOf(raw, CODE::read);
        }
    };

    /** A custom field is stored as this prefix and its key, a profile field of its own. */
    public static final String CUSTOM_FIELD_PREFIX = "custom_fields.";

    private static final java.util.regex.Pattern CUSTOM_FIELD_KEY =
            java.util.regex.Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,63}");
    private static final int MAX_TEXT = 10_000;
    /** Amounts beyond this are not real amounts (and would not fit numeric(14,2)): left out, not rejected. */
    private static final BigDecimal MAX_AMOUNT = new BigDecimal("1000000000000");

    /** The value as this type, or null when it cannot be read as one. */
    public abstract JsonNode read(JsonNode raw);

    /** The items of an array read by {@code item} (null: left out), at most 200; null when {@code raw} is no array. */
    private static JsonNode listOf(JsonNode raw, Function<JsonNode, JsonNode> item) {
        if (!raw.isArray()) {
            return null;
        }
        ArrayNode list = JsonNodeFactory.instance.arrayNode();
        for (JsonNode element : raw) {
            JsonNode value = item.apply(element);
            if (value != null && list.size() < 200) {
                list.add(value);
            }
        }
        return list;
    }

    private static Instant parseInstant(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException notAnOffsetTime) {
            try {
                return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
    }
}
