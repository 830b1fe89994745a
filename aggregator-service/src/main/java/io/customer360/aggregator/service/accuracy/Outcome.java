package io.customer360.aggregator.service.accuracy;

import io.customer360.aggregator.config.AccuracyConfig;
import java.util.Locale;

/** What became of an account, as the events that score earlier insights say it. */
public enum Outcome {
    CHURN,
    RENEWAL,
    EXPANSION,
    TICKET_RESOLVED;

    /** The outcome an event type is, or null for any other event. */
    public static Outcome of(String eventType, AccuracyConfig config) {
        if (eventType == null) {
            return null;
        }
        if (config.churn().contains(eventType)) {
            return CHURN;
        }
        if (config.renewal().contains(eventType)) {
            return RENEWAL;
        }
        if (config.expansion().contains(eventType)) {
            return EXPANSION;
        }
        return config.ticketResolution().contains(eventType) ? TICKET_RESOLVED : null;
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
