package io.customer360.ingest.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.customer360.ingest.domain.FieldError;
import io.customer360.ingest.domain.RejectReason;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The seed's customer {@code tags} (a JSON array) and {@code custom_fields} (a JSON object), as a {@code profile_update}
 * carries them in {@code data}. Bounded so that one customer's profile stays small and searchable: at most
 * {@value #MAX_TAGS} tags of 1–{@value #MAX_TAG_LENGTH} characters; at most {@value #MAX_CUSTOM_FIELDS} custom fields
 * per event, keys of letters, digits and '_' starting with a letter (at most 64), values a string of at most
 * {@value #MAX_VALUE_LENGTH} characters, a number, a boolean, or null (which removes the field).
 */
final class CustomerTagsAndFields {

    static final String PROFILE_UPDATE = "profile_update";
    static final int MAX_TAGS = 50;
    static final int MAX_TAG_LENGTH = 64;
    static final int MAX_CUSTOM_FIELDS = 50;
    static final int MAX_VALUE_LENGTH = 1000;
    static final Pattern KEY = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,63}");

    private CustomerTagsAndFields() {}

    /** Adds an error naming the field for each broken rule of a {@code profile_update}'s tags and custom fields. */
    static void check(JsonNode event, List<FieldError> errors) {
        JsonNode data = event.get("data");
        if (!PROFILE_UPDATE.equals(event.path("event_type").asText()) || data == null || !data.isObject()) {
            return;
        }
        checkTags(data.get("tags"), errors);
        checkCustomFields(data.get("custom_fields"), errors);
    }

    private static void checkTags(JsonNode tags, List<FieldError> errors) {
        if (tags == null || tags.isNull()) {
            return; // absent: unchanged; null: cleared
        }
        if (!tags.isArray()) {
            errors.add(invalid("data.tags", "must be an array of strings"));
            return;
        }
        if (tags.size() > MAX_TAGS) {
            errors.add(invalid("data.tags", "must hold at most " + MAX_TAGS + " tags"));
            return;
        }
        for (int i = 0; i < tags.size(); i++) {
            JsonNode tag = tags.get(i);
            if (!tag.isTextual()
                    || tag.asText().isBlank()
                    || tag.asText().strip().length() > MAX_TAG_LENGTH
                    || tag.asText().chars().anyMatch(Character::isISOControl)) {
                errors.add(invalid(
                        "data.tags[" + i + "]",
                        "must be a string of 1-" + MAX_TAG_LENGTH + " characters without control characters"));
            }
        }
    }

    private static void checkCustomFields(JsonNode fields, List<FieldError> errors) {
        if (fields == null) {
            return;
        }
        if (!fields.isObject()) {
            errors.add(invalid("data.custom_fields", "must be an object (set a field to null to remove it)"));
            return;
        }
        if (fields.size() > MAX_CUSTOM_FIELDS) {
            errors.add(invalid("data.custom_fields", "must hold at most " + MAX_CUSTOM_FIELDS + " fields"));
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = fields.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (!KEY.matcher(field.getKey()).matches()) {
                errors.add(invalid(
                        "data.custom_fields",
                        "keys are letters, digits and '_', starting with a letter, " + "at most 64 characters"));
                continue;
            }
            JsonNode value = field.getValue();
            boolean scalar = value.isNull()
                    || value.isBoolean()
                    || value.isNumber() && Double.isFinite(value.doubleValue())
                    || value.isTextual() && value.asText().length() <= MAX_VALUE_LENGTH;
            if (!scalar) {
                errors.add(invalid(
                        "data.custom_fields." + field.getKey(),
                        "must be a string of at most " + MAX_VALUE_LENGTH
                                + " characters, a number, a boolean or null"));
            }
        }
    }

    private static FieldError invalid(String field, String message) {
        return new FieldError(field, message, RejectReason.INVALID_TYPE);
    }
}
