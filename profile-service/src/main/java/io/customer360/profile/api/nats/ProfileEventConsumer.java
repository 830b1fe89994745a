package io.customer360.profile.api.nats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.customer360.common.api.CustomerIds;
import io.customer360.common.auth.TenantContext;
import io.customer360.common.contract.messages.IdentityStitched;
import io.customer360.common.contract.messages.NormalizedEvent;
import io.customer360.common.nats.CustomerTokens;
import io.customer360.common.nats.DurableConsumer;
import io.customer360.common.nats.NatsClient;
import io.customer360.common.nats.NatsTracing;
import io.customer360.common.nats.RefusedMessages;
import io.customer360.common.nats.RefusedMessages.Reason;
import io.customer360.common.nats.Topology;
import io.customer360.profile.config.ProfileConfig;
import io.customer360.profile.domain.EventTraces;
import io.customer360.profile.service.ApplyMetrics;
import io.customer360.profile.service.EventApplier;
import io.customer360.profile.service.IdentityStitcher;
import io.customer360.profile.store.ParkedEvents;
import io.nats.client.JetStreamApiException;
import io.nats.client.Message;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Consumes normalized events from {@code PROFILE_EVENTS} through one durable consumer shared by every replica,
 * applies them in batches, and acks each only after its batch committed and its {@code profile.changed} was stored
 * by JetStream. An event that keeps failing is parked after {@code max-deliveries}.
 *
 * <p>The tenant and customer come from the subject, {@code profile.events.{tenant}.{customer_token}.{event_type}}: a
 * message whose subject does not name a valid tenant and customer token, or whose body names another tenant or a
 * customer of another token, is refused ({@link RefusedMessages}: acked, counted, nothing applied).
 *
 * <p>An {@code identity_stitched} event (ingest-service's Segment intake) is no timeline event: it merges the anonymous
 * profile it names into the subject's customer ({@link IdentityStitcher}); one naming no anonymous profile is refused.
 */
@ApplicationScoped
public class ProfileEventConsumer {

    private static final String CONSUMER = "profile-service";
    private static final String KIND = "profile.events.";

    private final NatsClient nats;
    private final ProfileConfig config;
    private final ObjectMapper mapper;
    private final EventApplier applier;
    private final ParkedEvents parked;
    private final RefusedMessages refused;
    private final IdentityStitcher stitcher;
    private final EventTraces traces;
    private final ApplyMetrics metrics;
    private DurableConsumer consumer;
    private EventBatcher batcher;

    ProfileEventConsumer(
            NatsClient nats,
            ProfileConfig config,
            ObjectMapper mapper,
            EventApplier applier,
            ParkedEvents parked,
            RefusedMessages refused,
            IdentityStitcher stitcher,
            EventTraces traces,
            ApplyMetrics metrics) {
        this.stitcher = stitcher;
        this.metrics = metrics;
        this.traces = traces;
        this.nats = nats;
        this.config = config;
        this.mapper = mapper;
        this.applier = applier;
        this.parked = parked;
        this.refused = refused;
    }

    void start(@Observes StartupEvent ignored) throws IOException, JetStreamApiException {
        batcher = new EventBatcher(
                applier::apply,
                config.events().batchSize(),
                config.events().concurrentBatches(),
                config.events().linger());
        consumer = DurableConsumer.bind(
                nats, Topology.PROFILE_NORMALIZED_EVENTS, config.events().batchSize(), this::handle);
    }

    void stop(@Observes ShutdownEvent ignored) {
        if (consumer != null) {
            consumer.close();
        }
        if (batcher != null) {
            batcher.close();
        }
    }

    private CompletionStage<Void> handle(Message message) {
        EventSubject subject = EventSubject.parse(nats.contractSubject(message.getSubject()));
        if (subject == null) {
            refused.refuse(CONSUMER, message.getSubject(), Reason.INVALID_SUBJECT);
            return CompletableFuture.completedFuture(null);
        }
        long delivery = message.metaData().deliveredCount();
        NormalizedEvent event;
        try {
            event = read(message);
        } catch (IllegalArgumentException e) {
            return retryOrPark(message, subject, e, delivery);
        }
        Reason refusal = subject.refusal(event);
        if (refusal == null && IdentityStitched.EVENT_TYPE.equals(event.eventType())) {
            refusal = IdentityStitcher.refusal(event);
        }
        if (refusal != null) {
            refused.refuse(CONSUMER, message.getSubject(), refusal);
            return CompletableFuture.completedFuture(null);
        }
        // applied in the message's span: its profile.changed continues this trace (EventTraces)
        Span.current()
                .setAttribute(NatsTracing.TENANT, event.tenant())
                .setAttribute(NatsTracing.EVENT_ID, event.eventId());
        Context trace = Context.current();
        traces.remember(event.tenant(), event.eventId(), trace);
        return apply(message, subject, event, delivery)
                .whenComplete((ignored, failure) -> traces.forget(event.tenant(), event.eventId(), trace));
    }

    private CompletionStage<Void> apply(Message message, EventSubject subject, NormalizedEvent event, long delivery) {
        if (IdentityStitched.EVENT_TYPE.equals(event.eventType())) {
            // a stitch is a merge, not a timeline event: applied alone, through the merge of the REST API
            return stitcher.apply(event, delivery, config.events().stitchWaits())
                    .onFailure(failure -> !(failure instanceof IdentityStitcher.AnonymousProfilePending)
                            && delivery >= config.events().maxDeliveries())
                    .recoverWithUni(failure -> park(message, subject, failure, delivery))
                    .subscribeAsCompletionStage();
        }
        return Uni.createFrom()
                .completionStage(() -> batcher.submit(event))
                .onFailure(failure -> delivery >= config.events().maxDeliveries())
                .recoverWithUni(failure -> park(message, subject, failure, delivery))
                .subscribeAsCompletionStage();
    }

    private CompletionStage<Void> retryOrPark(Message message, EventSubject subject, Throwable failure, long delivery) {
        return delivery >= config.events().maxDeliveries()
                ? park(message, subject, failure, delivery).subscribeAsCompletionStage()
                : CompletableFuture.failedFuture(failure);
    }

    /**
     * Where a normalized event was published: {@code profile.events.{tenant}.{customer_token}.{event_type}}
     * ({@link CustomerTokens}: the customer id, else a hash of the email). The tenant is the subject's, never the
     * body's; null when the subject does not name a valid tenant and customer token (a wildcard, say).
     */
    record EventSubject(String tenant, String customerToken, String eventType) {

        static EventSubject parse(String contractSubject) {
            if (contractSubject == null || !contractSubject.startsWith(KIND)) {
                return null;
            }
            String[] tokens = contractSubject.substring(KIND.length()).split("\\.", -1);
            if (tokens.length != 3
                    || !TenantContext.TENANT_PATTERN.matcher(tokens[0]).matches()
                    || !CustomerIds.isValid(tokens[1])
                    || !CustomerIds.isValid(tokens[2])) {
                return null;
            }
            return new EventSubject(tokens[0], tokens[1], tokens[2]);
        }

        /**
         * Why the event may not be applied under this subject, or null: its body names another tenant, a customer id
         * that is not one, or a customer (id, else email) whose token is not the subject's, so an erasure's purge by
         * subject reaches every event applied to a customer.
         */
        Reason refusal(NormalizedEvent event) {
            if (!tenant.equals(event.tenant())) {
                return Reason.TENANT_MISMATCH;
            }
            if (event.customerId() != null && !CustomerIds.isValid(event.customerId())) {
                return Reason.INVALID_SUBJECT;
            }
            return customerToken.equals(CustomerTokens.of(event.customerId(), event.email()))
                    ? null
                    : Reason.TENANT_MISMATCH;
        }
    }

    /**
     * The event, checked: ingest-service publishes only complete events, so a message that is not one is an error that
     * ends parked, never a half-applied event.
     */
    private NormalizedEvent read(Message message) {
        NormalizedEvent event;
        try {
            event = mapper.readValue(message.getData(), NormalizedEvent.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("Unreadable normalized event on " + message.getSubject(), e);
        }
        if (event.eventId() == null
                || event.tenant() == null
                || event.eventType() == null
                || event.occurredAt() == null
                || event.sourceService() == null
                || event.data() == null
                || (event.customerId() == null && event.email() == null)) {
            throw new IllegalArgumentException("Incomplete normalized event on " + message.getSubject());
        }
        return event;
    }

    /** The body's event id and customer id, when they can be read, for the parked row. */
    private JsonNode bodyOf(Message message) {
        try {
            JsonNode body = mapper.readTree(message.getData());
            return body != null && body.isObject() ? body : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * Parks the event under the subject's tenant. A parked row names its customer only by a valid id of a body that
     * agrees with the subject, so an erasure of that customer removes it; its event id is the body's (the message
     * id is qualified by the tenant).
     */
    private Uni<Void> park(Message message, EventSubject subject, Throwable failure, long delivery) {
        String payload = new String(message.getData(), StandardCharsets.UTF_8);
        JsonNode body = bodyOf(message);
        String eventId = text(body, "eventId");
        if (eventId == null) {
            eventId = message.getHeaders() == null ? null : message.getHeaders().getFirst("Nats-Msg-Id");
        }
        String customerId = text(body, "customerId");
        if (!CustomerIds.isValid(customerId) || !customerId.equals(subject.customerToken())) {
            customerId = null;
        }
        Log.errorf(
                "Parking event %s of tenant %s after %d deliveries: %s",
                eventId, subject.tenant(), delivery, failure.toString());
        return parked.park(
                        subject.tenant(),
                        eventId == null ? "seq:" + message.metaData().streamSequence() : eventId,
                        customerId,
                        message.getSubject(),
                        payload,
                        failure.toString(),
                        delivery)
                .invoke(metrics::parked);
    }

    private static String text(JsonNode body, String field) {
        JsonNode value = body == null ? null : body.get(field);
        return value != null && value.isTextual() ? value.asText() : null;
    }
}
