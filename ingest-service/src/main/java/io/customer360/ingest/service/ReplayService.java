package io.customer360.ingest.service;

import io.customer360.common.nats.NatsClient;
import io.customer360.common.nats.Topology;
import io.customer360.ingest.config.IngestConfig;
import io.customer360.ingest.domain.Intake;
import io.customer360.ingest.domain.Outcome;
import io.customer360.ingest.domain.PartnerSubject;
import io.customer360.ingest.store.ErasedCustomers;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PushSubscribeOptions;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Re-delivers a tenant's retained raw events of a time range (optionally one customer) through intake. Safe because
 * everything downstream is idempotent; erased customers are skipped. Blocking: call it on a worker thread.
 */
@ApplicationScoped
public class ReplayService {

    private static final Duration IDLE = Duration.ofSeconds(1);

    private final NatsClient nats;
    private final IngestConfig config;
    private final IntakeService intake;
    private final ErasedCustomers erased;

    ReplayService(NatsClient nats, IngestConfig config, IntakeService intake, ErasedCustomers erased) {
        this.nats = nats;
        this.config = config;
        this.intake = intake;
        this.erased = erased;
    }

    /** What a replay did; {@code nextFrom} is set when it stopped at the limit and more events remain. */
    public record ReplayReport(int replayed, int accepted, int duplicates, int rejected, int skippedErased, Instant nextFrom) {
    }

    /** Counts of one replay as it runs. */
    private static final class Tally {
        int replayed;
        int accepted;
        int duplicates;
        int rejected;
        int skippedErased;
    }

    public ReplayReport replay(String tenant, Instant from, Instant to, String customerId, int limit) {
        Tally tally = new Tally();
        Instant nextFrom = null;
        for (String subject : subjects(tenant, customerId)) {
            nextFrom = replaySubject(tenant, subject, from, to, limit, tally);
            if (nextFrom != null) {
                break;
            }
        }
        return new ReplayReport(tally.replayed, tally.accepted, tally.duplicates, tally.rejected, tally.skippedErased, nextFrom);
    }

    private Instant replaySubject(String tenant, String subject, Instant from, Instant to, int limit, Tally tally) {
        String stream = nats.name(Topology.CUSTOMER_EVENTS);
        PushSubscribeOptions options = PushSubscribeOptions.builder()
                .stream(stream)
                .ordered(true)
                .configuration(ConsumerConfiguration.builder().deliverPolicy(DeliverPolicy.ByStartTime)
                        .startTime(from.atZone(ZoneOffset.UTC)).build())
                .build();
        JetStreamSubscription subscription = null;
        try {
            subscription = nats.jetStream().subscribe(nats.subject(subject), options);
            for (Message message = subscription.nextMessage(IDLE); message != null; message = subscription.nextMessage(IDLE)) {
                Instant stored = message.metaData().timestamp().toInstant();
                if (!stored.isBefore(to)) {
                    return null;
                }
                if (tally.replayed + tally.skippedErased >= limit) {
                    return stored;
                }
                replayOne(tenant, message, tally);
            }
            return null;
        } catch (IOException | JetStreamApiException e) {
            throw new IllegalStateException("Cannot read the retained events", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            if (subscription != null) {
                subscription.unsubscribe();
            }
        }
    }

    private void replayOne(String tenant, Message message, Tally tally) {
        String contractSubject = nats.contractSubject(message.getSubject());
        PartnerSubject subject = PartnerSubject.parse(contractSubject, config.defaultTenant());
        if (!tenant.equals(subject.tenant())) {
            return;
        }
        if (subject.customerId() != null && erased.isErased(tenant, subject.customerId()).await().indefinitely()) {
            tally.skippedErased++;
            return;
        }
        Intake event = new Intake(tenant, message.getData() == null ? new byte[0] : message.getData(),
                message.getHeaders() == null ? null : message.getHeaders().getFirst("Nats-Msg-Id"), contractSubject,
                subject.customerId(), subject.eventType(), Map.of(), "replay",
                "nats:" + message.metaData().getStream() + ":" + message.metaData().streamSequence());
        Outcome outcome = intake.ingest(event).await().indefinitely();
        tally.replayed++;
        switch (outcome.status()) {
            case ACCEPTED -> tally.accepted++;
            case DUPLICATE -> tally.duplicates++;
            case REJECTED -> tally.rejected++;
        }
    }

    private List<String> subjects(String tenant, String customerId) {
        String customer = customerId == null ? "*" : customerId;
        List<String> subjects = new ArrayList<>();
        if (tenant.equals(config.defaultTenant())) {
            subjects.add("customer.events." + customer + ".>");
        }
        subjects.add("tenant." + tenant + ".customer.events." + customer + ".>");
        return subjects;
    }
}
