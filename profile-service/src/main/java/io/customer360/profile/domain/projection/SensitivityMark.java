package io.customer360.profile.domain.projection;

/**
 * What one event says about its note's sensitivity. Anyone may raise it (a partner event or an API change with
 * {@code sensitive: true}); only the platform lowers it (an API change with {@code sensitive: false}, which the API
 * accepts only from a caller with c360.sensitive). A partner's {@code sensitive: false} says nothing: it is not a mark.
 * Stored as {@code timeline_events.sensitivity_mark}.
 */
public enum SensitivityMark {
    RAISED("raised"),
    LOWERED("lowered");

    private final String stored;

    SensitivityMark(String stored) {
        this.stored = stored;
    }

    public String stored() {
        return stored;
    }
}
