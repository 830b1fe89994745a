package io.customer360.ingest.domain;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What became of one event: accepted, a duplicate of one already accepted, or rejected (dead-lettered). */
public record Outcome(
        String eventId, @Schema(required = true) Status status, String reason, String detail) {

    public enum Status {
        ACCEPTED,
        DUPLICATE,
        REJECTED;

        @com.fasterxml.jackson.annotation.JsonValue
        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public static Outcome accepted(String eventId) {
        return new Outcome(eventId, Status.ACCEPTED, null, null);
    }

    public static Outcome duplicate(String eventId) {
        return new Outcome(eventId, Status.DUPLICATE, null, null);
    }

    public static Outcome rejected(String eventId, Rejection rejection) {
        return new Outcome(eventId, Status.REJECTED, rejection.reason().code(), rejection.detail());
    }
}
