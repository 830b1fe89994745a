package io.customer360.aggregator.domain;

import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Where a section of the 360 came from and how far to trust it (the one extension map {@code sections}).
 *
 * @param status        complete, partial (fields missing), stale (older than its source's refresh threshold),
 *                      unavailable (its provider failed, was late or has no data), not_requested (not in the
 *                      agent's provider set) or withheld (a visibility rule hides it from this caller)
 * @param providers     the context providers that feed it
 * @param source        the services the data came from
 * @param freshAsOf     time of the newest data the section rests on, or null when unknown
 * @param stale         whether that time is older than the section's staleness threshold
 * @param missingShare  the share of the section's fields that are unknown (null), 0–1
 * @param reason        why the section is not complete, or null
 */
public record SectionStatus(
        Status status,
        List<String> providers,
        List<String> source,
        Instant freshAsOf,
        boolean stale,
        Double missingShare,
        String reason) {

    public enum Status {
        COMPLETE,
        PARTIAL,
        STALE,
        UNAVAILABLE,
        NOT_REQUESTED,
        WITHHELD;

        @JsonValue
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public boolean available() {
        return status != Status.UNAVAILABLE && status != Status.NOT_REQUESTED && status != Status.WITHHELD;
    }
}
