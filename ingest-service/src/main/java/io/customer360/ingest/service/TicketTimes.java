package io.customer360.ingest.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.customer360.ingest.domain.FieldError;
import io.customer360.ingest.domain.RejectReason;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;

/**
 * A ticket event's {@code first_response_at} (or {@code first_replied_at}), the time the support SLA's first-response
 * clock stops (profile-service's event catalog): Unix seconds as the {@code timestamp} is ({@link EventTimestamps}, a
 * fraction allowed) or an ISO-8601 date-time with its offset ({@code 2026-11-21T09:40:00Z}); absent or null says
 * nothing. A time no clock could have shown is refused, naming the field: further in the future than the allowed skew;
 * before the ticket was opened, on the events whose own {@code timestamp} is the opening ({@code ticket_opened},
 * {@code support_ticket}); after the ticket was resolved, on {@code ticket_resolved}. An update of an older ticket
 * cannot be checked here (ingest keeps no tickets): the aggregator counts a first response before the opening as one
 * at the opening.
 */
final class TicketTimes {

    static final Set<String> TICKET_TYPES =
            Set.of("support_ticket", "ticket_opened", "ticket_updated", "ticket_escalated", "ticket_resolved");
    private static final Set<String> OPENING = Set.of("support_ticket", "ticket_opened");
    private static final String RESOLUTION = "ticket_resolved";
    private static final List<String> NAMES = List.of("first_response_at", "first_replied_at");

    private TicketTimes() {}

    /**
     * Adds an error for each unreadable or impossible first-response time of a ticket event.
     *
     * @param latest the latest time accepted (now plus the allowed clock skew)
     */
    static void check(JsonNode event, Instant latest, List<FieldError> errors) {
        String type = event.path("event_type").asText();
        JsonNode data = event.get("data");
        if (!TICKET_TYPES.contains(type) || data == null || !data.isObject()) {
            return;
        }
        for (String name : NAMES) {
            JsonNode value = data.get(name);
            if (value == null || value.isNull()) {
                continue;
            }
            String field = "data." + name;
            Instant at = instant(value);
            if (at == null) {
                errors.add(new FieldError(
                        field,
                        "must be Unix seconds or an ISO-8601 date-time with offset (2026-11-21T09:40:00Z)",
                        RejectReason.INVALID_TYPE));
                continue;
            }
            if (at.isAfter(latest)) {
                errors.add(new FieldError(field, "is in the future", RejectReason.FUTURE_TIMESTAMP));
                continue;
            }
            JsonNode timestamp = event.get("timestamp");
            if (timestamp == null || EventTimestamps.problem(timestamp) != null) {
                continue; // the event's own time is reported on its own
            }
            Instant eventTime = EventTimestamps.instant(timestamp);
            if (OPENING.contains(type) && at.isBefore(eventTime)) {
                errors.add(new FieldError(
                        field,
                        "must not be before the ticket was opened (the event's timestamp)",
                        RejectReason.INVALID_TYPE));
            } else if (RESOLUTION.equals(type) && at.isAfter(eventTime)) {
                errors.add(new FieldError(
                        field,
                        "must not be after the ticket was resolved (the event's timestamp)",
                        RejectReason.INVALID_TYPE));
            }
        }
    }

    /** The time a value states, or null when it states none profile-service could store. */
    private static Instant instant(JsonNode value) {
        if (value.isNumber()) {
            return EventTimestamps.problem(value) == null ? EventTimestamps.instant(value) : null;
        }
        if (value.isTextual()) {
            try {
                return OffsetDateTime.parse(value.asText()).toInstant();
            } catch (DateTimeParseException e) {
                return null;
            }
        }
        return null;
    }
}
