package io.customer360.aggregator.domain;

import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Instant;
import java.util.Locale;

/**
 * Where a section of the 360 came from and how much to trust it (extension of the seed's format).
 *
 * @param status      complete, partial, stale or unavailable
 * @param source      the service the data came from, or null
 * @param freshAsOf   time of the newest data the section rests on, or null
 * @param reason      why a section is not complete, or null
 */
public record SectionStatus(Status status, String source, Instant freshAsOf, String reason) {

    public enum Status {
        COMPLETE, PARTIAL, STALE, UNAVAILABLE;

        @JsonValue
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static SectionStatus unavailable(String reason) {
        return new SectionStatus(Status.UNAVAILABLE, null, null, reason);
    }
}
