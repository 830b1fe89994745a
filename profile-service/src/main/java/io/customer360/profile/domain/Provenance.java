package io.customer360.profile.domain;

/**
 * Who wrote an event onto the timeline, decided by the path it came in on and never read from the event itself: a
 * partner (every event consumed from {@code profile.events}, whatever its {@code source_service} or metadata claim) or
 * the platform (a change made through profile-service's own API, with the verified token's subject as its actor).
 * A partner cannot make its event look like the platform's, because nothing a partner sends can set these fields.
 */
public record Provenance(boolean platform, String actor) {

    /** Every event read from NATS. */
    public static final Provenance PARTNER = new Provenance(false, null);

    public static final String PLATFORM_ORIGIN = "platform";
    public static final String PARTNER_ORIGIN = "partner";

    /** A change made through the API by {@code actor} (the token's subject). */
    public static Provenance platform(String actor) {
        return new Provenance(true, actor);
    }

    /** As stored in {@code timeline_events.origin}. */
    public String origin() {
        return platform ? PLATFORM_ORIGIN : PARTNER_ORIGIN;
    }

    /** How a partner's {@code source_service} is shown on the timeline. */
    public static final String PARTNER_SOURCE_PREFIX = "partner:";

    /** The source as the timeline shows it: a partner's is always namespaced, whatever name it chose. */
    public static String shownSource(String origin, String sourceService) {
        return PLATFORM_ORIGIN.equals(origin) ? sourceService : PARTNER_SOURCE_PREFIX + sourceService;
    }

    /** Read back from a stored row (a merge or an unmerge folds the timeline again). */
    public static Provenance of(String origin, String actor) {
        return PLATFORM_ORIGIN.equals(origin) ? platform(actor) : PARTNER;
    }
}
