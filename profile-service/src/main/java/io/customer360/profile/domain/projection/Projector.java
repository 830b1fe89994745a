package io.customer360.profile.domain.projection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.customer360.common.contract.messages.NormalizedEvent;
import io.customer360.profile.domain.Provenance;
import io.customer360.profile.domain.catalog.EventCatalog;
import io.customer360.profile.domain.catalog.EventType;
import io.customer360.profile.domain.catalog.FieldSpec;
import io.customer360.profile.domain.catalog.FieldType;
import io.customer360.profile.domain.catalog.RecordSpec;
import io.customer360.profile.domain.catalog.Section;
import io.customer360.profile.domain.projection.Projection.PurchaseRow;
import io.customer360.profile.domain.projection.Projection.RecordChange;
import io.customer360.profile.domain.projection.Projection.TimelineEntry;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Projects an event onto the store by its catalog entry. Pure (no I/O): tested as a table, and the same function
 * folds a customer's timeline again when a merge is undone.
 */
public final class Projector {

    private static final String NOTE = "note";
    /** Record ids are bounded like customer ids; a longer one is not an id. */
    private static final int MAX_ID_LENGTH = 128;

    private static final List<String> DESCRIPTION_KEYS =
            List.of("description", "message", "content", "note", "comment", "summary", "issue_description", "reason");
    /** Titles a person wrote (the other title keys name things: a deal, a contact, a feature). */
    private static final List<String> WRITTEN_TITLE_KEYS = List.of("title", "subject");

    private static final List<String> TITLE_KEYS =
            List.of("title", "subject", "deal_name", "contact_name", "feature", "plan");

    private Projector() {}

    /** As a partner's event (what every test of the fold and every event read from NATS is). */
    public static Projection project(NormalizedEvent event) {
        return project(event, Provenance.PARTNER);
    }

    public static Projection project(NormalizedEvent event, Provenance provenance) {
        ObjectNode data = event.data();
        // read as the note record reads it (true or "true"), so the timeline never shows what the note hides
        JsonNode sensitiveFlag = data.get("sensitive");
        JsonNode readFlag = sensitiveFlag == null ? null : FieldType.BOOLEAN.read(sensitiveFlag);
        boolean sensitive = readFlag != null && readFlag.asBoolean();
        boolean lowers = provenance.platform() && readFlag != null && !readFlag.asBoolean();
        String version = LwwMap.version(event.occurredAt(), event.eventId());
        EventType type = EventCatalog.find(event.eventType()).orElse(null);
        Set<Section> sections = EnumSet.of(Section.TIMELINE);

        ObjectNode customerFields = identity(event, version);
        List<RecordChange> records = new ArrayList<>();
        String impliedStatus = null;
        if (type != null) {
            sections.add(type.section());
            for (RecordSpec spec : type.records()) {
                if (!applies(spec, data)) {
                    continue;
                }
                ObjectNode fields = fields(spec, event, version);
                if (RecordSpec.CUSTOMER.equals(spec.kind())) {
                    LwwMap.mergeInto(customerFields, fields);
                    continue;
                }
                String recordId = recordId(spec, event);
                if (NOTE.equals(spec.kind()) && !sensitive && !lowers) {
                    // a partner may raise a note's sensitivity but never lower it: its "sensitive": false says nothing
                    fields.remove("sensitive");
                }
                records.add(new RecordChange(spec.kind(), recordId, fields));
                sections.add(sectionOf(spec.kind(), type.section()));
                if (impliedStatus == null && spec.implied().get("status") != null) {
                    impliedStatus = spec.implied().get("status").asText();
                }
            }
        }
        if (customerFields.size() > 0) {
            sections.add(Section.PROFILE);
        }
        String noteId = records.stream()
                .filter(r -> NOTE.equals(r.kind()))
                .map(RecordChange::recordId)
                .findFirst()
                .orElse(null);
        SensitivityMark mark =
                noteId == null ? null : sensitive ? SensitivityMark.RAISED : lowers ? SensitivityMark.LOWERED : null;
        PurchaseRow purchase = "purchase".equals(event.eventType()) ? purchase(event) : null;
        String description = text(data, DESCRIPTION_KEYS);
        boolean searchable = description != null || event.summary() != null || text(data, WRITTEN_TITLE_KEYS) != null;
        TimelineEntry timeline = purchase != null
                ? new TimelineEntry(
                        "Purchased " + purchase.productName(),
                        description,
                        purchase.total(),
                        "completed",
                        sensitive,
                        searchable,
                        noteId,
                        mark)
                : new TimelineEntry(
                        title(event, type, records),
                        description,
                        money(data, "amount", "total"),
                        impliedStatus != null ? impliedStatus : text(data, List.of("status")),
                        sensitive,
                        searchable,
                        noteId,
                        mark);
        return new Projection(customerFields, timeline, records, purchase, sections);
    }

    /** Identity fields any event may carry; the email is the one ingest-service found (data.email or customer_email). */
    private static ObjectNode identity(NormalizedEvent event, String version) {
        ObjectNode fields = LwwMap.empty();
        ObjectNode data = event.data();
        putText(fields, "name", text(data, List.of("customer_name")), version);
        putText(
                fields,
                "email",
                event.email() == null ? null : event.email().strip().toLowerCase(Locale.ROOT),
                version);
        putText(fields, "phone", text(data, List.of("customer_phone")), version);
        putText(fields, "company", text(data, List.of("company", "company_name")), version);
        return fields;
    }

    private static ObjectNode fields(RecordSpec spec, NormalizedEvent event, String version) {
        ObjectNode fields = LwwMap.empty();
        for (FieldSpec field : spec.fields()) {
            if (field.type() == FieldType.CUSTOM_FIELDS) {
                putEachCustomField(fields, read(field, event.data()), version);
                continue;
            }
            JsonNode value = read(field, event.data());
            if (value != null) {
                LwwMap.put(fields, field.name(), value, version);
                if (field.bySource()) {
                    LwwMap.put(fields, SourceKeys.key(field.name(), event.sourceService()), value, version);
                }
            } else if (RecordSpec.CUSTOMER.equals(spec.kind())
                    && event.data().path(field.keys().get(0)).isNull()
                    && event.data().has(field.keys().get(0))) {
                // an explicit null in a profile update clears the field
                LwwMap.put(fields, field.name(), NullNode.getInstance(), version);
            }
        }
        // what the type itself says wins over what the data says (invoice_paid is paid, whatever its status field)
        spec.implied().forEach((field, value) -> fields.set(field, entry(fields, value, version)));
        for (String field : spec.eventTimeFields()) {
            fields.set(field, entry(fields, TextNode.valueOf(event.occurredAt().toString()), version));
        }
        return fields;
    }

    /** Each custom field is a profile field of its own, so that updates of different keys merge; null removes one. */
    private static void putEachCustomField(ObjectNode fields, JsonNode customFields, String version) {
        if (customFields != null) {
            customFields
                    .fields()
                    .forEachRemaining(field -> LwwMap.put(
                            fields, FieldType.CUSTOM_FIELD_PREFIX + field.getKey(), field.getValue(), version));
        }
    }

    private static ObjectNode entry(ObjectNode map, JsonNode value, String version) {
        ObjectNode entry = map.objectNode();
        entry.set("v", value);
        entry.put("at", version);
        return entry;
    }

    private static JsonNode read(FieldSpec field, ObjectNode data) {
        for (String key : field.keys()) {
            JsonNode raw = data.get(key);
            if (raw != null && !raw.isNull()) {
                JsonNode value = field.type().read(raw);
                if (value != null) {
                    return value;
                }
            }
        }
        return null;
    }

    private static boolean applies(RecordSpec spec, ObjectNode data) {
        return spec.onlyWhen().isEmpty()
                || spec.onlyWhen().stream().anyMatch(key -> data.path(key).asBoolean(false));
    }

    private static String recordId(RecordSpec spec, NormalizedEvent event) {
        for (String key : spec.idKeys()) {
            JsonNode value = event.data().get(key);
            if (value != null
                    && value.isValueNode()
                    && !value.asText().isBlank()
                    && value.asText().length() <= MAX_ID_LENGTH) {
                return value.asText().strip();
            }
        }
        return spec.defaultId() != null ? spec.defaultId() : event.eventId();
    }

    private static Section sectionOf(String kind, Section typeSection) {
        return switch (kind) {
            case "knowledge" -> Section.KNOWLEDGE;
            case "note" -> Section.NOTES;
            default -> typeSection;
        };
    }

    private static PurchaseRow purchase(NormalizedEvent event) {
        ObjectNode data = event.data();
        String product = text(data, List.of("product_name"));
        String id = text(data, List.of("purchase_id", "order_id"));
        JsonNode quantity = data.get("quantity");
        JsonNode warranty = data.get("warranty_expires");
        return new PurchaseRow(
                id == null || id.length() > MAX_ID_LENGTH ? event.eventId() : id,
                product == null ? "unknown product" : product,
                text(data, List.of("product_sku")),
                quantity != null && quantity.isIntegralNumber() && quantity.canConvertToInt()
                        ? quantity.intValue()
                        : null,
                money(data, "price"),
                money(data, "total"),
                warranty != null
                                && warranty.isIntegralNumber()
                                && warranty.canConvertToLong()
                                && warranty.longValue() >= 0
                                && warranty.longValue() < 253_402_300_800L
                        ? Instant.ofEpochSecond(warranty.longValue())
                        : null);
    }

    private static String title(NormalizedEvent event, EventType type, List<RecordChange> records) {
        String title = text(event.data(), TITLE_KEYS);
        if (title != null) {
            return title;
        }
        String label = humanize(event.eventType());
        if (type != null && !records.isEmpty() && !records.get(0).recordId().equals(event.eventId())) {
            return label + " " + records.get(0).recordId();
        }
        return label;
    }

    private static String humanize(String eventType) {
        String words = eventType.replace('_', ' ');
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }

    private static void putText(ObjectNode fields, String name, String value, String version) {
        if (value != null) {
            LwwMap.put(fields, name, TextNode.valueOf(value), version);
        }
    }

    private static String text(JsonNode data, List<String> keys) {
        for (String key : keys) {
            JsonNode value = data.get(key);
            if (value != null
                    && value.isValueNode()
                    && !value.isNull()
                    && !value.asText().isBlank()) {
                return value.asText();
            }
        }
        return null;
    }

    private static BigDecimal money(JsonNode data, String... keys) {
        for (String key : keys) {
            JsonNode value = data.get(key);
            if (value != null
                    && value.isNumber()
                    && value.decimalValue().abs().compareTo(new BigDecimal("1000000000000")) < 0) {
                return value.decimalValue();
            }
        }
        return null;
    }
}
