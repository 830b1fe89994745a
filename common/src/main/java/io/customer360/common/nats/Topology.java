package io.customer360.common.nats;

import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.DiscardPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Every JetStream stream and durable consumer of the mesh, declared once. The provisioning step ({@link Provision},
 * with its own NATS identity) creates them; services only bind to them, so no service needs the right to create or
 * change a stream. Subjects and names here are the contract's; {@link NatsClient#subject} and {@link NatsClient#name}
 * add the prefixes tests use.
 */
public final class Topology {

    public static final String CUSTOMER_EVENTS = "CUSTOMER_EVENTS";
    public static final String HTTP_EVENTS = "HTTP_EVENTS";
    public static final String PROFILE_EVENTS = "PROFILE_EVENTS";
    public static final String PROFILE_CHANGES = "PROFILE_CHANGES";
    public static final String ENRICHMENT = "ENRICHMENT";
    public static final String CUSTOMER360 = "CUSTOMER360";

    private static final Duration WEEK = Duration.ofDays(7);
    private static final Duration MONTH = Duration.ofDays(30);
    private static final Duration DEDUP = Duration.ofMinutes(2);

    /**
     * A stream: its subjects, how long it keeps messages, its duplicate window, and what it does when full (its size
     * limit, {@code max_bytes}, is the deployment's: {@code mesh.streams.<NAME>.max-bytes}, k8s ConfigMap
     * {@code nats-stream-limits}). {@link DiscardPolicy#New} refuses a publish into a full stream, so the publisher
     * keeps the message and retries; {@link DiscardPolicy#Old} deletes the oldest messages, read or not.
     */
    public record StreamSpec(
            String name, List<String> subjects, Duration maxAge, Duration duplicateWindow, DiscardPolicy discard) {}

    /**
     * A durable pull consumer. {@code filterSubject} null reads the whole stream; {@code deliverPolicy} New starts at
     * messages published after its creation (reactions that must not replay history).
     */
    public record ConsumerSpec(
            String stream,
            String durable,
            String filterSubject,
            DeliverPolicy deliverPolicy,
            Duration ackWait,
            int maxAckPending) {}

    /**
     * The default tenant's partner events: the plain {@code customer.events.>} of the platform account. Each other
     * tenant has a stream of its own ({@link #partnerStream}): partners choose their {@code Nats-Msg-Id}s and JetStream
     * dedups per stream, so one shared stream would let one tenant's id drop another tenant's event.
     * <p>
     * Full, it refuses new events (discard new): the partner's JetStream publish fails and the partner still holds the
     * event and retries, where discard old would delete events ingest-service may not have read yet. Each tenant's
     * stream fills and refuses alone.
     */
    public static final StreamSpec CUSTOMER_EVENTS_STREAM =
            new StreamSpec(CUSTOMER_EVENTS, List.of("customer.events.>"), WEEK, DEDUP, DiscardPolicy.New);
    /**
     * Raw events that came over HTTP ({@code intake.http.{tenant}.{customer_token}.{event_type}}), kept for replay. No
     * consumer reads it, so full it drops its oldest events (discard old) rather than fail HTTP intake for history.
     */
    public static final StreamSpec HTTP_EVENTS_STREAM =
            new StreamSpec(HTTP_EVENTS, List.of("intake.http.>"), WEEK, DEDUP, DiscardPolicy.Old);
    /**
     * Normalized events: {@code profile.events.{tenant}.{customer_token}.{event_type}}. This and the streams below are
     * published by the mesh itself while it handles a message; a refusal there would turn into redeliveries and dead
     * letters upstream for a stream full of history already consumed, so they drop their oldest messages (discard
     * old). Only a consumer lagging by the stream's whole size would lose messages; the consumer lag alert fires first.
     */
    public static final StreamSpec PROFILE_EVENTS_STREAM =
            new StreamSpec(PROFILE_EVENTS, List.of("profile.events.>"), WEEK, DEDUP, DiscardPolicy.Old);

    public static final StreamSpec PROFILE_CHANGES_STREAM = new StreamSpec(
            PROFILE_CHANGES, List.of("profile.changed.>", "customer.erased.>"), WEEK, DEDUP, DiscardPolicy.Old);
    public static final StreamSpec ENRICHMENT_STREAM =
            new StreamSpec(ENRICHMENT, List.of("enrichment.>"), MONTH, DEDUP, DiscardPolicy.Old);
    public static final StreamSpec CUSTOMER360_STREAM = new StreamSpec(
            CUSTOMER360, List.of("customer360.state.>", "customer360.triggers.>"), WEEK, DEDUP, DiscardPolicy.Old);

    public static final ConsumerSpec INGEST_PARTNER_EVENTS =
            new ConsumerSpec(CUSTOMER_EVENTS, "ingest-service", null, DeliverPolicy.All, Duration.ofSeconds(30), 1000);
    public static final ConsumerSpec INGEST_ERASURES = erasures("ingest-service-erasure");
    public static final ConsumerSpec PROFILE_NORMALIZED_EVENTS =
            new ConsumerSpec(PROFILE_EVENTS, "profile-service", null, DeliverPolicy.All, Duration.ofSeconds(30), 2000);
    public static final ConsumerSpec PROFILE_STATES = new ConsumerSpec(
            CUSTOMER360,
            "profile-service-state",
            "customer360.state.>",
            DeliverPolicy.All,
            Duration.ofSeconds(30),
            1000);
    /** Reacts to changes from its first start on (switching auto-enrichment on must not enrich a week of history); few in flight, so a burst does not overrun the providers. */
    public static final ConsumerSpec ENRICHMENT_AUTO_ENRICH = new ConsumerSpec(
            PROFILE_CHANGES,
            "enrichment-service-auto-enrich",
            "profile.changed.>",
            DeliverPolicy.New,
            Duration.ofSeconds(60),
            4);

    public static final ConsumerSpec ENRICHMENT_ERASURES = erasures("enrichment-service-erasure");
    public static final ConsumerSpec AGGREGATOR_ERASURES = erasures("aggregator-erasure");
    public static final ConsumerSpec AGGREGATOR_VIEW_INVALIDATION = changes("aggregator-profile-changed");
    public static final ConsumerSpec AGGREGATOR_SKILL_TRIGGERS = changes("aggregator-skill-triggers");
    public static final ConsumerSpec AGGREGATOR_INSIGHT_OUTCOMES = changes("aggregator-insight-outcomes");
    public static final ConsumerSpec AGGREGATOR_ENRICHMENT_UPDATED = new ConsumerSpec(
            ENRICHMENT,
            "aggregator-enrichment-updated",
            "enrichment.updated.>",
            DeliverPolicy.New,
            Duration.ofSeconds(30),
            1000);

    private Topology() {}

    /** The partner stream of a tenant: what NATS maps from its account into {@code tenant.{tenant}.customer.events.>}. */
    public static StreamSpec partnerStream(String tenant) {
        return new StreamSpec(
                CUSTOMER_EVENTS + "_" + tenant.toUpperCase(java.util.Locale.ROOT),
                List.of("tenant." + tenant + ".customer.events.>"),
                WEEK,
                DEDUP,
                CUSTOMER_EVENTS_STREAM.discard());
    }

    /** ingest-service's durable consumer of a tenant's partner stream. */
    public static ConsumerSpec partnerConsumer(String tenant) {
        return new ConsumerSpec(
                partnerStream(tenant).name(),
                INGEST_PARTNER_EVENTS.durable(),
                null,
                DeliverPolicy.All,
                INGEST_PARTNER_EVENTS.ackWait(),
                INGEST_PARTNER_EVENTS.maxAckPending());
    }

    /** Every stream, with a partner stream per declared tenant. */
    public static List<StreamSpec> streams(Collection<String> tenants) {
        List<StreamSpec> streams = new ArrayList<>(List.of(CUSTOMER_EVENTS_STREAM));
        tenants.stream().sorted().map(Topology::partnerStream).forEach(streams::add);
        streams.addAll(List.of(
                HTTP_EVENTS_STREAM,
                PROFILE_EVENTS_STREAM,
                PROFILE_CHANGES_STREAM,
                ENRICHMENT_STREAM,
                CUSTOMER360_STREAM));
        return streams;
    }

    /** Every durable consumer, with ingest-service's of each declared tenant's partner stream. */
    public static List<ConsumerSpec> consumers(Collection<String> tenants) {
        List<ConsumerSpec> consumers = new ArrayList<>(List.of(INGEST_PARTNER_EVENTS));
        tenants.stream().sorted().map(Topology::partnerConsumer).forEach(consumers::add);
        consumers.addAll(List.of(
                INGEST_ERASURES,
                PROFILE_NORMALIZED_EVENTS,
                PROFILE_STATES,
                ENRICHMENT_AUTO_ENRICH,
                ENRICHMENT_ERASURES,
                AGGREGATOR_ERASURES,
                AGGREGATOR_VIEW_INVALIDATION,
                AGGREGATOR_SKILL_TRIGGERS,
                AGGREGATOR_INSIGHT_OUTCOMES,
                AGGREGATOR_ENRICHMENT_UPDATED));
        return consumers;
    }

    /** Every service erases its share of a customer once, from the erasures on (history was erased already). */
    private static ConsumerSpec erasures(String durable) {
        return new ConsumerSpec(
                PROFILE_CHANGES, durable, "customer.erased.>", DeliverPolicy.All, Duration.ofSeconds(60), 1000);
    }

    /** The aggregator's reactions to profile changes start at new messages: a new replica does not re-react to history. */
    private static ConsumerSpec changes(String durable) {
        return new ConsumerSpec(
                PROFILE_CHANGES, durable, "profile.changed.>", DeliverPolicy.New, Duration.ofSeconds(30), 1000);
    }
}
