package io.customer360.profile.domain.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The event catalog as Markdown, rendered from {@link EventCatalog}: the table goes into the OpenAPI description,
 * the whole document (table and examples) is {@code docs/event-catalog.md}, which a test keeps equal to this.
 */
public final class EventCatalogDocument {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private EventCatalogDocument() {}

    public static String table() {
        StringBuilder table = new StringBuilder(
                "| type | section | what it means and changes | data fields read |\n|---|---|---|---|\n");
        for (EventType type : EventCatalog.all()) {
            table.append("| `")
                    .append(type.name())
                    .append("` | ")
                    .append(type.section().wireName())
                    .append(" | ")
                    .append(type.description())
                    .append(records(type))
                    .append(" | ")
                    .append(fields(type))
                    .append(" |\n");
        }
        return table.toString();
    }

    public static String markdown() {
        StringBuilder doc = new StringBuilder("""
                # Event catalog

                <!-- Rendered from profile-service's EventCatalog; EventCatalogDocumentationTest keeps it current
                     (run it with REWRITE_EVENT_CATALOG=true to rewrite this file). -->

                Every event type profile-service understands, the section of the 360 view it feeds
                (named as `profile.changed` names it), and the read models it changes. Any other type
                becomes a generic timeline entry. Every timeline entry takes its title from the first of
                `title`, `subject`, `deal_name`, `contact_name`, `feature`, `plan` (else the type, and the
                record id), its description from the first of `description`, `message`, `content`, `note`,
                `comment`, `summary`, `issue_description`, `reason`, and its amount from `amount` or `total`.

                Every event, whatever its type, may also carry the customer's identity:
                `customer_name`, `company` (or `company_name`), `customer_phone`, and the email
                (`data.email` or `data.customer_email`). Identity and profile fields are
                last-writer-wins by event time, field by field; so are the fields of every record.
                A field whose value cannot be read as its type (text, code, money, whole number,
                boolean, timestamp as Unix seconds / ISO-8601 instant / date, priority, list of
                text, list of codes) is left out; the event still lands on the timeline with its data as sent.
                Priorities are `P1`–`P4`; `urgent`/`critical` → P1, `high` → P2,
                `medium`/`normal` → P3, `low` → P4. Codes (status, role, category) are lower-cased
                with spaces as `_` (`Executive Sponsor` → `executive_sponsor`). An event with
                `"sensitive": true` is shown redacted to callers without `c360.sensitive`.

                Records are identified by the id field named in the table (`ticket_id`, …) within
                the customer; without one, by the event id. A customer has one subscription record
                (`primary`; `subscription_id` is a field of it), one set of security settings
                (`settings`), and one active-users record per `date`. Counts (logins, sessions, NPS answers,
                meetings held, …) are derived from timeline rows, never kept as counters.

                Fields marked *per source* (ARR, MRR, seats, renewal and contract end dates, a
                contact's role) are often reported by more than one system, which may disagree. Such a
                field shows its newest value, as every field does, and the record also keeps the newest
                value of each `source_service` that reported it, shown under `sources.<field>` as
                `{source, value, at, eventId}` (the source lower-cased, characters other than
                `a-z 0-9 . _ -` as `_`). The 360 view chooses between them by configured precedence and
                shows the disagreement as a data-quality item.

                A contact's communication preferences are `opted_out_channels` (or `do_not_contact_via`:
                codes such as `call`, `email`, `meeting`, `sms`) and `do_not_contact` (no channel at all);
                the 360 view recommends no action that reaches a contact through a channel it refused.

                """);
        doc.append(table())
                .append(
                        "\n## Examples\n\nEach as a partner publishes it on `customer.events.{customer_id}.{event_type}`.\n");
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("  ", "\n"));
        for (EventType type : EventCatalog.all()) {
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("customer_id", "cust_001");
            event.put("event_type", type.name());
            event.put("timestamp", 1763769600L);
            event.put("source_service", sourceOf(type.section()));
            event.put("data", type.example());
            event.put("metadata", Map.of());
            try {
                doc.append("\n### `")
                        .append(type.name())
                        .append("`\n\n```json\n")
                        .append(MAPPER.writer(printer).writeValueAsString(event))
                        .append("\n```\n");
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        return doc.toString();
    }

    private static String records(EventType type) {
        Set<String> changes = new LinkedHashSet<>();
        for (RecordSpec spec : type.records()) {
            String target = spec.kind().equals(RecordSpec.CUSTOMER)
                    ? "the customer's profile fields"
                    : ("aeiou".indexOf(spec.kind().charAt(0)) >= 0 ? "an `" : "a `") + spec.kind() + "` record";
            Set<String> sets = new LinkedHashSet<>();
            spec.implied().forEach((field, value) -> sets.add("`" + field + "` = `" + value.asText() + "`"));
            spec.eventTimeFields().forEach(field -> sets.add("`" + field + "` = event time"));
            changes.add(target
                    + (sets.isEmpty() ? "" : " (" + String.join(", ", sets) + ")")
                    + (spec.onlyWhen().isEmpty()
                            ? ""
                            : " when `" + String.join("` or `", spec.onlyWhen()) + "` is true"));
        }
        if (type.name().equals("purchase")) {
            changes.add("a purchase row");
        }
        return changes.isEmpty() ? " Timeline only." : " Changes " + String.join("; ", changes) + ".";
    }

    private static String fields(EventType type) {
        Set<String> fields = new LinkedHashSet<>();
        type.records().forEach(spec -> {
            spec.idKeys().forEach(key -> fields.add("`" + key + "` (id)"));
            spec.fields()
                    .forEach(field -> fields.add("`" + String.join("`/`", field.keys()) + "` "
                            + field.type().name().toLowerCase(Locale.ROOT).replace('_', ' ')
                            + (field.bySource() ? " per source" : "")));
        });
        if (fields.isEmpty()) {
            type.example().keySet().forEach(key -> fields.add("`" + key + "`"));
        }
        return String.join(", ", fields);
    }

    private static String sourceOf(Section section) {
        return switch (section) {
            case PURCHASES -> "e-commerce-service";
            case SUPPORT -> "support-system";
            case WORK_ORDERS -> "repair-service";
            case SUBSCRIPTION -> "billing-service";
            case SALES -> "crm";
            case SECURITY -> "identity-service";
            case USAGE -> "product-analytics";
            default -> "customer-success-platform";
        };
    }
}
