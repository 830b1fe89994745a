package io.customer360.ingest.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.customer360.common.api.CustomerIds;
import io.customer360.ingest.domain.RejectReason;
import io.customer360.ingest.domain.Rejection;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads one call of Segment's HTTP tracking API ({@code track}, {@code identify}, {@code group}, {@code page},
 * {@code screen}, {@code alias}) and translates it into a partner event of nats-event-ingestion.md, the one contract
 * the intake gate checks (docs/segment-intake.md has the mapping table). Pure: no I/O, no clock; never throws for any
 * JSON value.
 */
public final class SegmentMessages {

    /** The call types of Segment's HTTP API, as the path or a batch item's {@code type} names them. */
    public static final Set<String> CALL_TYPES = Set.of("track", "identify", "group", "page", "screen", "alias");
    /** Segment's limit per call, and per message of a batch. */
    public static final int MAX_CALL_BYTES = 32 * 1024;
    /** Segment's limit per batch. */
    public static final int MAX_BATCH_BYTES = 500 * 1024;

    private static final Pattern EVENT_ID = Pattern.compile("[\\x21-\\x7e]{1,128}");
    private static final Pattern EMAIL = PartnerEventValidator.EMAIL;
    private static final Pattern CAMEL = Pattern.compile("([a-z0-9])([A-Z])");
    private static final Pattern NOT_WORD = Pattern.compile("[^a-z0-9]+");
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private SegmentMessages() {}

    /** A call that can become a partner event, or why it cannot ({@code call} null); the rejection names a field. */
    public record Read(Call call, Rejection rejection) {

        static Read refused(RejectReason reason, String field, String message) {
            return new Read(
                    null,
                    new Rejection(
                            reason,
                            field + ": " + message,
                            java.util.List.of(new io.customer360.common.api.Problem.Violation(field, message))));
        }
    }

    /**
     * A checked call. {@code userId} or {@code anonymousId} is set (both may be); {@code previousId} only for alias.
     * {@code data} and {@code metadata} are the partner event's.
     */
    public record Call(
            String type,
            String userId,
            String anonymousId,
            String previousId,
            String eventId,
            String eventType,
            Instant occurredAt,
            ObjectNode data,
            ObjectNode metadata) {

        /** The anonymous id this call ties to its user (identify with both ids, alias), or null. */
        public String stitchedAnonymousId() {
            String anonymous = "alias".equals(type) ? previousId : "identify".equals(type) ? anonymousId : null;
            return userId == null || anonymous == null || anonymous.equals(userId) ? null : anonymous;
        }

        /** The partner event of this call for the given customer and source. */
        public ObjectNode partnerEvent(String customerId, String sourceName) {
            ObjectNode event = JSON.objectNode();
            event.put("event_id", eventId);
            event.put("customer_id", customerId);
            event.put("event_type", eventType);
            // Unix seconds with the fraction, to the microsecond profile-service keeps (not rounded to the second)
            event.put(
                    "timestamp",
                    BigDecimal.valueOf(occurredAt.getEpochSecond())
                            .add(BigDecimal.valueOf(occurredAt.getNano() / 1_000, 6)));
            event.put("source_service", sourceName);
            event.set("data", data);
            event.set("metadata", metadata);
            return event;
        }
    }

    /**
     * Reads {@code message}. {@code callType} is the path's for a single call, null in a batch (each item names its
     * own); {@code batch} is the batch body (its {@code context}, {@code integrations} and {@code sentAt} apply to each
     * item) or null; {@code trackTypes} maps a {@code track} event name to an event type, or null when unmapped.
     */
    public static Read read(
            String tenant,
            JsonNode message,
            String callType,
            JsonNode batch,
            Instant receivedAt,
            Function<String, String> trackTypes) {
        if (message == null || !message.isObject()) {
            return Read.refused(RejectReason.INVALID_TYPE, "body", "a call must be a JSON object");
        }
        String type = callType != null ? callType : text(message.get("type"));
        if (type == null) {
            return Read.refused(RejectReason.MISSING_FIELD, "type", "is required in a batch");
        }
        if (!CALL_TYPES.contains(type)) {
            return Read.refused(
                    RejectReason.INVALID_TYPE,
                    "type",
                    "'" + abbreviate(type) + "' is not a call type: one of "
                            + "track, identify, group, page, screen, alias");
        }
        String userId = id(message.get("userId"));
        String anonymousId = id(message.get("anonymousId"));
        String previousId = "alias".equals(type) ? id(message.get("previousId")) : null;
        if ("alias".equals(type)) {
            if (userId == null || previousId == null) {
                return Read.refused(
                        RejectReason.MISSING_FIELD,
                        userId == null ? "userId" : "previousId",
                        "an alias needs userId and previousId");
            }
        } else if (userId == null && anonymousId == null) {
            return Read.refused(RejectReason.MISSING_FIELD, "userId", "userId or anonymousId is required");
        }
        if (userId != null && !CustomerIds.isValid(userId)) {
            return Read.refused(
                    RejectReason.INVALID_TYPE,
                    "userId",
                    "is the customer id: 1-128 characters without '.', " + "'*', '>' or white space");
        }
        for (String field : new String[] {"properties", "traits", "context", "integrations"}) {
            JsonNode value = message.get(field);
            if (value != null && !value.isNull() && !value.isObject()) {
                return Read.refused(RejectReason.INVALID_TYPE, field, "must be a JSON object");
            }
        }
        Instant occurredAt;
        ObjectNode times = JSON.objectNode();
        try {
            occurredAt = occurredAt(message, batch, receivedAt, times);
        } catch (DateTimeParseException e) {
            return Read.refused(
                    RejectReason.INVALID_TYPE,
                    e.getParsedString() == null ? "timestamp" : fieldOf(message, batch, e.getParsedString()),
                    "must be an ISO-8601 date-time");
        }
        String eventType;
        ObjectNode data;
        switch (type) {
            case "track" -> {
                String name = text(message.get("event"));
                if (name == null || name.isBlank()) {
                    return Read.refused(RejectReason.MISSING_FIELD, "event", "a track call needs the event's name");
                }
                String mapped = trackTypes.apply(name);
                eventType = mapped != null ? mapped : snakeCase(name);
                if (eventType == null) {
                    return Read.refused(
                            RejectReason.INVALID_TYPE, "event", "has no letter or digit to name an event type");
                }
                data = object(message.get("properties"));
                if ("purchase".equals(eventType)) {
                    orderAsPurchase(data);
                }
            }
            case "identify" -> {
                eventType = "profile_update";
                data = profileFields(traits(message));
            }
            case "group" -> {
                String groupId = id(message.get("groupId"));
                if (groupId == null) {
                    return Read.refused(RejectReason.MISSING_FIELD, "groupId", "a group call needs the group's id");
                }
                eventType = "profile_update";
                data = accountFields(object(message.get("traits")));
                data.put("group_id", groupId);
            }
            case "page", "screen" -> {
                eventType = type + "_viewed";
                data = object(message.get("properties"));
                putText(data, type + "_name", text(message.get("name")));
                putText(data, "category", text(message.get("category")));
            }
            default -> {
                eventType = "user_aliased";
                data = JSON.objectNode().put("previous_id", previousId);
            }
        }
        ObjectNode segment = JSON.objectNode();
        segment.put("type", type);
        putText(segment, "message_id", text(message.get("messageId")));
        putText(segment, "user_id", userId);
        putText(segment, "anonymous_id", anonymousId);
        putText(segment, "previous_id", previousId);
        putText(segment, "group_id", "group".equals(type) ? id(message.get("groupId")) : null);
        putText(segment, "event", "track".equals(type) ? text(message.get("event")) : null);
        putText(segment, "name", text(message.get("name")));
        segment.setAll(times);
        ObjectNode metadata = JSON.objectNode();
        metadata.set("segment", segment);
        metadata.set("context", merged(batch == null ? null : batch.get("context"), message.get("context")));
        JsonNode integrations = merged(batch == null ? null : batch.get("integrations"), message.get("integrations"));
        if (!integrations.isEmpty()) {
            metadata.set("integrations", integrations);
        }
        return new Read(
                new Call(
                        type,
                        userId,
                        anonymousId,
                        previousId,
                        eventId(tenant, message),
                        eventType,
                        occurredAt,
                        data,
                        metadata),
                null);
    }

    /**
     * Segment's clock-skew correction: the client's time of the call ({@code originalTimestamp}, else
     * {@code timestamp}) moved by the client clock's offset, {@code receivedAt - (sentAt - clientTime)}, when the
     * client said when it sent ({@code sentAt} of the call or the batch); the client's time as it is without
     * {@code sentAt}; the time of receipt without either. Records each time in {@code times}.
     */
    static Instant occurredAt(JsonNode message, JsonNode batch, Instant receivedAt, ObjectNode times) {
        Instant original = instant(message.get("originalTimestamp"));
        Instant timestamp = instant(message.get("timestamp"));
        Instant sentAt = instant(message.get("sentAt"));
        if (sentAt == null && batch != null) {
            sentAt = instant(batch.get("sentAt"));
        }
        Instant client = original != null ? original : timestamp;
        Instant corrected = client == null
                ? receivedAt
                : sentAt == null ? client : receivedAt.minus(Duration.between(client, sentAt));
        putText(times, "original_timestamp", client == null ? null : client.toString());
        putText(times, "sent_at", sentAt == null ? null : sentAt.toString());
        times.put("received_at", receivedAt.toString());
        times.put("timestamp", corrected.toString());
        return corrected;
    }

    /** {@code Order Completed} → {@code order_completed}, {@code signedUp} → {@code signed_up}; null without letters or digits. */
    public static String snakeCase(String name) {
        String words = NOT_WORD.matcher(CAMEL.matcher(name).replaceAll("$1_$2").toLowerCase(Locale.ROOT))
                .replaceAll("_");
        words = words.replaceAll("^_+|_+$", "");
        if (words.isEmpty()) {
            return null;
        }
        if (!Character.isLetter(words.charAt(0))) {
            words = "event_" + words;
        }
        return words.length() > 64 ? words.substring(0, 64).replaceAll("_+$", "") : words;
    }

    /** The call's {@code messageId} when it is an event id; else a stable hash of it or of the call. */
    private static String eventId(String tenant, JsonNode message) {
        String messageId = text(message.get("messageId"));
        if (messageId != null && EVENT_ID.matcher(messageId).matches()) {
            return messageId;
        }
        if (messageId != null && !messageId.isBlank()) {
            return "seg_"
                    + EventIds.contentHash(tenant, JSON.textNode(messageId)).substring(4);
        }
        ObjectNode content = ((ObjectNode) message).deepCopy();
        // sent again, a call is sent at another time: sentAt is not part of what it says
        content.remove("sentAt");
        return EventIds.contentHash(tenant, content);
    }

    /** identify's traits ({@code traits}, else {@code context.traits}) as profile fields, all traits kept under {@code traits}. */
    private static ObjectNode profileFields(ObjectNode traits) {
        ObjectNode data = JSON.objectNode();
        String name = text(traits.get("name"));
        if (name == null) {
            String first = text(traits.get("firstName"));
            String last = text(traits.get("lastName"));
            name = first == null ? last : last == null ? first : first + " " + last;
        }
        putText(data, "name", name);
        String email = text(traits.get("email"));
        if (email != null && EMAIL.matcher(email).matches()) {
            data.put("email", email);
        }
        putText(data, "phone", text(traits.get("phone")));
        JsonNode company = traits.get("company");
        if (company != null && company.isObject()) {
            data.setAll(accountFields((ObjectNode) company));
        } else {
            putText(data, "company", text(company));
        }
        putText(data, "industry", text(traits.get("industry")));
        putNumber(data, "employees", traits.get("employees"));
        putText(data, "website", text(traits.get("website")));
        putText(data, "country", text(traits.path("address").get("country")));
        data.set("traits", traits);
        return data;
    }

    /** group's traits (or identify's {@code company} object) as company fields, all traits kept under {@code group_traits}. */
    private static ObjectNode accountFields(ObjectNode traits) {
        ObjectNode data = JSON.objectNode();
        putText(data, "company", text(traits.get("name")));
        putText(data, "industry", text(traits.get("industry")));
        JsonNode employees = traits.has("employees") ? traits.get("employees") : traits.get("employee_count");
        putNumber(data, "employees", employees);
        putText(data, "website", text(traits.get("website")));
        putText(data, "country", text(traits.path("address").get("country")));
        putText(data, "account_plan", text(traits.get("plan")));
        data.set("group_traits", traits);
        return data;
    }

    /** Segment's e-commerce spec names what the catalog's purchase reads: order id, product, total. */
    private static void orderAsPurchase(ObjectNode data) {
        JsonNode products = data.get("products");
        JsonNode first = products != null && products.isArray() && !products.isEmpty() ? products.get(0) : null;
        if (!data.has("product_name") && first != null) {
            String product = text(first.get("name"));
            putText(
                    data,
                    "product_name",
                    products.size() > 1 && product != null
                            ? product + " and " + (products.size() - 1) + " more"
                            : product);
            putText(data, "product_sku", text(first.get("sku")));
            if (products.size() == 1) {
                putNumber(data, "quantity", first.get("quantity"));
                putNumber(data, "price", first.get("price"));
            }
        }
        if (!data.has("total")) {
            putNumber(data, "total", data.has("revenue") ? data.get("revenue") : data.get("value"));
        }
    }

    private static ObjectNode traits(JsonNode message) {
        JsonNode traits = message.get("traits");
        if (traits != null && traits.isObject()) {
            return ((ObjectNode) traits).deepCopy();
        }
        JsonNode contextTraits = message.path("context").get("traits");
        return contextTraits != null && contextTraits.isObject()
                ? ((ObjectNode) contextTraits).deepCopy()
                : JSON.objectNode();
    }

    private static ObjectNode merged(JsonNode base, JsonNode own) {
        ObjectNode merged = JSON.objectNode();
        if (base != null && base.isObject()) {
            merged.setAll((ObjectNode) base);
        }
        if (own != null && own.isObject()) {
            merged.setAll((ObjectNode) own);
        }
        return merged;
    }

    private static ObjectNode object(JsonNode node) {
        return node != null && node.isObject() ? ((ObjectNode) node).deepCopy() : JSON.objectNode();
    }

    /** An identifier: a non-blank string, or a number as libraries that allow numeric ids send it. */
    private static String id(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isNumber()) {
            return node.asText();
        }
        return node.isTextual() && !node.asText().isBlank() ? node.asText() : null;
    }

    private static String text(JsonNode node) {
        return node != null && node.isTextual() ? node.asText() : null;
    }

    private static Instant instant(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw new DateTimeParseException("not a string", node.toString(), 0);
        }
        try {
            return OffsetDateTime.parse(node.asText()).toInstant();
        } catch (DateTimeParseException e) {
            throw new DateTimeParseException("not ISO-8601", node.asText(), 0);
        }
    }

    /** Which time field held the unreadable value. */
    private static String fieldOf(JsonNode message, JsonNode batch, String value) {
        for (Iterator<Map.Entry<String, JsonNode>> it = message.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (field.getValue().isValueNode()
                    && (field.getValue().asText().equals(value)
                            || field.getValue().toString().equals(value))) {
                return field.getKey();
            }
        }
        return batch != null && batch.has("sentAt") ? "sentAt" : "timestamp";
    }

    private static void putText(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    private static void putNumber(ObjectNode node, String field, JsonNode value) {
        if (value != null && value.isNumber()) {
            node.set(field, value);
        }
    }

    private static String abbreviate(String value) {
        return value.length() > 40 ? value.substring(0, 40) + "…" : value;
    }
}
