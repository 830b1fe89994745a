package io.customer360.aggregator.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.customer360.aggregator.domain.CustomerChange;
import io.customer360.common.contract.messages.EnrichmentUpdated;
import io.customer360.common.contract.messages.ProfileChanged;
import io.customer360.common.nats.CustomerSubject;
import io.customer360.common.nats.NatsClient;
import io.customer360.common.nats.RefusedMessages;
import io.customer360.common.nats.RefusedMessages.Reason;
import io.customer360.common.nats.Topology;
import io.nats.client.Dispatcher;
import io.nats.client.JetStreamApiException;
import io.nats.client.Message;
import io.nats.client.PushSubscribeOptions;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.MultiEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/**
 * The {@code profile.changed} messages of one tenant (or one customer of it) as they arrive, read from the
 * {@code PROFILE_CHANGES} stream through an ordered consumer of the subscriber's own. JetStream keeps the messages, so
 * a subscriber that names the last sequence it saw gets every later change, none twice and none missed; one that
 * names none starts with the next change. A customer's {@code enrichment.updated} messages (stream {@code ENRICHMENT})
 * are read the same way; they change the view's {@code enrichment} part. The subjects are filtered by the caller's
 * tenant (and customer); a message on them whose subject token is not a valid customer id or whose body names
 * another tenant or customer is not sent ({@link RefusedMessages}).
 */
@ApplicationScoped
public class ChangeFeed {

    /** The consumer name of refused messages in {@code c360_nats_messages_refused_total}. */
    private static final String CONSUMER = "aggregator-live-stream";

    private final NatsClient nats;
    private final ObjectMapper mapper;
    private final RefusedMessages refused;

    ChangeFeed(NatsClient nats, ObjectMapper mapper, RefusedMessages refused) {
        this.nats = nats;
        this.mapper = mapper;
        this.refused = refused;
    }

    /** Changes of the tenant's customers ({@code customerId} null) or of one customer, after {@code afterSequence}. */
    public Multi<CustomerChange> changes(String tenant, String customerId, Long afterSequence) {
        String subject = nats.subject("profile.changed." + tenant + "." + (customerId == null ? "*" : customerId));
        return read(Topology.PROFILE_CHANGES, subject, afterSequence, message -> change(message, "profile.changed"));
    }

    /**
     * New enrichment results of one customer after {@code afterSequence} of the {@code ENRICHMENT} stream, as changes
     * of its {@code enrichment} section. Their {@code sequence} is 0: a position in another stream than the
     * profile changes' means nothing to a client resuming those.
     */
    public Multi<CustomerChange> enrichments(String tenant, String customerId, long afterSequence) {
        return read(
                Topology.ENRICHMENT,
                nats.subject("enrichment.updated." + tenant + "." + customerId),
                afterSequence,
                message -> {
                    CustomerChange change = change(message, "enrichment.updated");
                    return change == null
                            ? null
                            : new CustomerChange(
                                    0, change.customerId(), List.of("enrichment"), List.of(), change.occurredAt());
                });
    }

    private Multi<CustomerChange> read(
            String stream, String subject, Long afterSequence, Function<Message, CustomerChange> reader) {
        ConsumerConfiguration.Builder start = ConsumerConfiguration.builder();
        if (afterSequence == null) {
            start.deliverPolicy(DeliverPolicy.New);
        } else {
            start.deliverPolicy(DeliverPolicy.ByStartSequence).startSequence(afterSequence + 1);
        }
        PushSubscribeOptions options = PushSubscribeOptions.builder().stream(nats.name(stream))
                .ordered(true)
                .configuration(start.build())
                .build();
        return Multi.createFrom().emitter(emitter -> subscribe(subject, options, reader, emitter));
    }

    /** The sequence of the newest profile change now (0 when there is none): what a snapshot taken now covers. */
    public long lastSequence() {
        return lastSequence(Topology.PROFILE_CHANGES);
    }

    /** The sequence of the newest enrichment message now. */
    public long lastEnrichmentSequence() {
        return lastSequence(Topology.ENRICHMENT);
    }

    private long lastSequence(String stream) {
        try {
            return nats.management()
                    .getStreamInfo(nats.name(stream))
                    .getStreamState()
                    .getLastSequence();
        } catch (IOException | JetStreamApiException e) {
            throw new IllegalStateException("The " + stream + " stream cannot be read", e);
        }
    }

    private void subscribe(
            String subject,
            PushSubscribeOptions options,
            Function<Message, CustomerChange> reader,
            MultiEmitter<? super CustomerChange> emitter) {
        Dispatcher dispatcher = nats.connection().createDispatcher();
        emitter.onTermination(() -> nats.connection().closeDispatcher(dispatcher));
        try {
            nats.jetStream()
                    .subscribe(
                            subject,
                            dispatcher,
                            message -> {
                                CustomerChange change = reader.apply(message);
                                if (change != null) {
                                    emitter.emit(change);
                                }
                            },
                            false,
                            options);
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            emitter.fail(e);
        }
    }

    /**
     * The change a message announces, its customer the subject's; null (not sent) when the subject does not name a
     * valid tenant and customer (a wildcard matches the tenant's filter) or the body names another tenant or customer.
     */
    private CustomerChange change(Message message, String kind) {
        CustomerSubject subject = CustomerSubject.parse(nats.contractSubject(message.getSubject()), kind);
        if (subject == null) {
            refused.refuse(CONSUMER, message.getSubject(), Reason.INVALID_SUBJECT);
            return null;
        }
        Announced body = read(message, kind);
        if (body == null) {
            // an unreadable body still says that the customer changed
            body = new Announced(null, null, List.of(), List.of(), null);
        }
        if (!subject.agrees(body.tenant(), body.customerId())) {
            refused.refuse(CONSUMER, message.getSubject(), Reason.TENANT_MISMATCH);
            return null;
        }
        return new CustomerChange(
                message.metaData().streamSequence(),
                subject.customerId(),
                body.sections(),
                body.eventIds(),
                body.occurredAt() == null ? null : body.occurredAt().toString());
    }

    /** What a {@link ProfileChanged} or {@link EnrichmentUpdated} announces. */
    private record Announced(
            String tenant, String customerId, List<String> sections, List<String> eventIds, Instant occurredAt) {}

    /** The message's body, null when it cannot be read. */
    private Announced read(Message message, String kind) {
        try {
            if (kind.equals("profile.changed")) {
                ProfileChanged change = mapper.readValue(message.getData(), ProfileChanged.class);
                return change == null
                        ? null
                        : new Announced(
                                change.tenant(),
                                change.customerId(),
                                change.sections(),
                                change.eventIds(),
                                change.occurredAt());
            }
            EnrichmentUpdated update = mapper.readValue(message.getData(), EnrichmentUpdated.class);
            return update == null
                    ? null
                    : new Announced(update.tenant(), update.customerId(), List.of(), List.of(), update.occurredAt());
        } catch (IOException e) {
            return null;
        }
    }
}
