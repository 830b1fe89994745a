package io.customer360.aggregator.service.insight;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The seed's exit states (Phase 4), in the order their rules are evaluated. */
public enum ExitState {
    AT_RISK,
    ESCALATION_REQUIRED,
    EXPANSION_READY,
    RENEWAL_FOCUS,
    ATTENTION_NEEDED,
    HEALTHY;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
