package io.customer360.common.contract.messages;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
import java.util.List;

/**
 * profile-service's announcement of applied changes on {@code profile.changed.{tenant}.{customer_id}}: one message per
 * customer and batch of applied events, naming the sections they changed, the customer's identity after the batch,
 * the events and, in {@code changes}, one entry per partner event applied (a merge or unmerge names every section and
 * has none), so consumers react without calling profile-service back. Lists are never null (absent reads as empty).
 */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record ProfileChanged(
        String tenant,
        String customerId,
        List<String> sections,
        Identity identity,
        List<String> eventIds,
        Instant occurredAt,
        List<Change> changes) {

    public ProfileChanged {
        sections = sections == null ? List.of() : List.copyOf(sections);
        eventIds = eventIds == null ? List.of() : List.copyOf(eventIds);
        changes = changes == null ? List.of() : List.copyOf(changes);
    }

    /** The customer's identity after the change; any member may be null ({@code domain}: the email's). */
    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Identity(String name, String email, String company, String domain) {}

    /** One applied event: {@code priority} is P1–P4 when the event set a ticket's priority, else null. */
    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Change(
            String eventId,
            String eventType,
            Instant occurredAt,
            String sourceService,
            List<RecordRef> records,
            String priority) {

        public Change {
            records = records == null ? List.of() : List.copyOf(records);
        }

        /** The id of the first changed record of {@code kind}, or null. */
        public String recordId(String kind) {
            return records.stream()
                    .filter(r -> kind.equals(r.kind()))
                    .map(RecordRef::id)
                    .findFirst()
                    .orElse(null);
        }
    }

    /** A record an event changed: {@code ticket}/{@code TKT-7}, {@code contact}/{@code ct_1}, {@code invoice}/… */
    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record RecordRef(String kind, String id) {}
}
