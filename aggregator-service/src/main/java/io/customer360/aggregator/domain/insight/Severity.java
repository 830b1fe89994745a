package io.customer360.aggregator.domain.insight;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Risk severity, most urgent first. */
public enum Severity {
    CRITICAL,
    HIGH,
    MEDIUM,
    LOW;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
