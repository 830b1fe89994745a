package io.customer360.ingest.service;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;

/**
 * The contract's {@code timestamp}: Unix seconds as a JSON number (nats-event-ingestion.md, "timestamp (number)"),
 * whole or with a fraction ({@code 1700000000.5}, {@code 1.5e9}). The fraction is kept to the microsecond, the
 * resolution profile-service stores and orders events by (PostgreSQL {@code timestamptz}); finer digits are dropped.
 * A fraction is read as a double, which for today's times holds it to about a quarter of a microsecond.
 */
public final class EventTimestamps {

    /** Seconds from here on (year 5138) are a unit mistake: the partner sent milliseconds. */
    static final BigDecimal MILLISECONDS_THRESHOLD = BigDecimal.valueOf(100_000_000_000L);
    /** Milliseconds end here too: a larger value is no time at all. */
    static final BigDecimal OUT_OF_RANGE = MILLISECONDS_THRESHOLD.multiply(BigDecimal.valueOf(1000));

    private static final BigDecimal MICROS_PER_SECOND = BigDecimal.valueOf(1_000_000);

    private EventTimestamps() {}

    /** What is wrong with a present {@code timestamp} value, or null when it is a time. */
    static String problem(JsonNode timestamp) {
        if (!timestamp.isNumber()) {
            return "must be a number of Unix seconds";
        }
        BigDecimal seconds = seconds(timestamp);
        if (seconds == null) {
            return "is out of range: Unix seconds are below 100,000,000,000";
        }
        if (seconds.signum() < 0) {
            return "must not be negative";
        }
        if (seconds.compareTo(OUT_OF_RANGE) >= 0) {
            return "is out of range: Unix seconds are below 100,000,000,000";
        }
        if (seconds.compareTo(MILLISECONDS_THRESHOLD) >= 0) {
            return "looks like milliseconds; timestamps are Unix seconds";
        }
        return null;
    }

    /**
     * The instant of a {@code timestamp} {@link #problem} accepted, truncated to the microsecond. Whole seconds (the
     * common case) need no decimal arithmetic; an accepted time is below 10^11 s, so its microseconds fit a long.
     */
    public static Instant instant(JsonNode timestamp) {
        if (timestamp.isIntegralNumber() && timestamp.canConvertToLong()) {
            return Instant.ofEpochSecond(timestamp.longValue());
        }
        long micros = seconds(timestamp)
                .multiply(MICROS_PER_SECOND)
                .setScale(0, RoundingMode.FLOOR)
                .longValueExact();
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    }

    /**
     * The number as written: a double's shortest decimal form ({@code 1734134400.123} stays .123, not the binary
     * neighbour); null for a number beyond a double ({@code 1e400} reads as infinity).
     */
    private static BigDecimal seconds(JsonNode timestamp) {
        if ((timestamp.isDouble() || timestamp.isFloat()) && !Double.isFinite(timestamp.doubleValue())) {
            return null;
        }
        return timestamp.decimalValue();
    }
}
