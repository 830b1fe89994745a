package io.customer360.ingest.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/** How ingest-service takes partner events in. */
@ConfigMapping(prefix = "ingest")
public interface IngestConfig {

    /** Tenant of events on the plain {@code customer.events.>} subjects (no account mapping in front). */
    @WithDefault("acme")
    String defaultTenant();

    /** Declared tenants; an event for any other tenant is dead-lettered with reason {@code unknown_tenant}. */
    @WithDefault("acme,globex")
    Set<String> tenants();

    /** Largest accepted partner event, in bytes (docs/architecture.md caps events at 256 KiB). */
    @WithDefault("262144")
    int maxEventBytes();

    /** How far in the future an event's timestamp may be (partners' clocks drift); later ones are rejected. */
    @WithDefault("5m")
    Duration maxFutureSkew();

    /** Deepest nesting of objects and arrays an event may have. */
    @WithDefault("32")
    int maxDepth();

    /** Events in one HTTP batch, at most. */
    @WithDefault("1000")
    int maxBatchEvents();

    /**
     * What happens to an event type without a tracking plan when the tenant has no setting of its own:
     * {@code allow} or {@code quarantine} (dead-letter with {@code unplanned_event_type}).
     */
    @WithDefault("allow")
    String unplannedEventTypes();

    /** Descriptions longer than this many characters get a shortened {@code summary} (seed: NATS_SUMMARIZE_THRESHOLD). */
    @WithDefault("500")
    int summarizeThreshold();

    /** Whether profile-service may create a customer it does not know yet (seed: NATS_AUTO_CREATE_CUSTOMER). */
    @WithDefault("true")
    boolean autoCreateCustomer();

    Nats nats();

    Segment segment();

    /** The Segment-compatible intake ({@code /v1/}, docs/segment-intake.md). */
    interface Segment {
        /**
         * Segment {@code track} event names mapped to catalog event types for every tenant, e.g. {@code Order Completed}
         * to {@code purchase}; a name mapped nowhere becomes its snake_case form (a custom type).
         */
        Map<String, String> eventTypes();

        /** Per tenant: its own mappings of {@code track} event names, over {@link #eventTypes()}. */
        Map<String, Tenant> tenants();

        /**
         * How long a checked write key is remembered (known or unknown); a key revoked through another replica is
         * refused there within this time, through this replica at once.
         */
        @WithDefault("30s")
        Duration keyCacheTtl();

        /** Sources listed at once, newest first. */
        @WithDefault("500")
        int maxSources();

        interface Tenant {
            /** This tenant's own mappings of {@code track} event names to event types. */
            Map<String, String> eventTypes();
        }
    }

    interface Nats {
        /** Consume partner events from NATS at all (seed: NATS_ENABLED; on by default here). */
        @WithDefault("true")
        boolean enabled();

        /** Messages pulled per request. */
        @WithDefault("200")
        int batchSize();

        /** After this many failed deliveries a message is dead-lettered (backoff 0.5 s doubling to 30 s: about 8 minutes of outage) instead of retried. */
        @WithDefault("20")
        int maxDeliveries();
    }
}
