package io.customer360.aggregator.domain;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
import java.util.List;

/**
 * A {@code profile.changed} message (docs/architecture.md payload) with {@code changes}: per event applied, its type, time, source,
 * the records it changed and, for a ticket event that sets one, the ticket's normalized priority. What the aggregator
 * reacts to (skill triggers, outcomes of earlier insights) without calling profile-service back.
 */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record ProfileChanged(String tenant, String customerId, List<String> sections, List<String> eventIds,
        Instant occurredAt, List<Change> changes) {

    public ProfileChanged {
        sections = sections == null ? List.of() : List.copyOf(sections);
        eventIds = eventIds == null ? List.of() : List.copyOf(eventIds);
        changes = changes == null ? List.of() : List.copyOf(changes);
    }

    /** One applied event: {@code priority} is P1–P4 when the event set a ticket's priority, else null. */
    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Change(String eventId, String eventType, Instant occurredAt, String sourceService, List<RecordRef> records,
            String priority) {

        public Change {
            records = records == null ? List.of() : List.copyOf(records);
        }

        /** The id of the first changed record of {@code kind}, or null. */
        public String recordId(String kind) {
            return records.stream().filter(r -> kind.equals(r.kind())).map(RecordRef::id).findFirst().orElse(null);
        }
    }

    /** A record an event changed: {@code ticket}/{@code TKT-7}, {@code contact}/{@code ct_1}, {@code invoice}/… */
    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record RecordRef(String kind, String id) {
    }
}
