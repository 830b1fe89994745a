package io.customer360.profile.api.nats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.customer360.common.nats.CustomerSubject;
import io.customer360.common.nats.DurableConsumer;
import io.customer360.common.nats.NatsClient;
import io.customer360.common.nats.RefusedMessages;
import io.customer360.common.nats.RefusedMessages.Reason;
import io.customer360.common.nats.Topology;
import io.customer360.profile.store.CustomerStates;
import io.nats.client.JetStreamApiException;
import io.nats.client.Message;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Copies the health score, band and exit state aggregator-service publishes on
 * {@code customer360.state.{tenant}.{customer_id}} onto the customer, so lists and analytics can filter by them. The
 * tenant and customer come from the subject; a state older than the stored one changes nothing. A message whose
 * subject does not name a valid tenant and customer, or whose body names another, is refused
 * ({@link RefusedMessages}: acked, counted, nothing applied).
 */
@ApplicationScoped
public class CustomerStateConsumer {

    private static final String CONSUMER = "profile-service-state";
    private static final String KIND = "customer360.state";

    private final NatsClient nats;
    private final ObjectMapper mapper;
    private final CustomerStates states;
    private final RefusedMessages refused;
    private DurableConsumer consumer;

    CustomerStateConsumer(NatsClient nats, ObjectMapper mapper, CustomerStates states, RefusedMessages refused) {
        this.nats = nats;
        this.mapper = mapper;
        this.states = states;
        this.refused = refused;
    }

    void start(@Observes StartupEvent ignored) throws IOException, JetStreamApiException {
        consumer = DurableConsumer.bind(nats, Topology.PROFILE_STATES, 100, this::handle);
    }

    void stop(@Observes ShutdownEvent ignored) {
        if (consumer != null) {
            consumer.close();
        }
    }

    private CompletionStage<Void> handle(Message message) {
        CustomerSubject subject = CustomerSubject.parse(nats.contractSubject(message.getSubject()), KIND);
        if (subject == null) {
            return refuse(message, Reason.INVALID_SUBJECT);
        }
        JsonNode state;
        Instant occurredAt;
        try {
            state = mapper.readTree(message.getData());
            if (state == null || !state.isObject()) {
                return refuse(message, Reason.UNREADABLE);
            }
            occurredAt = Instant.parse(state.path("occurredAt").asText());
        } catch (IOException | DateTimeParseException e) {
            return refuse(message, Reason.UNREADABLE);
        }
        if (!subject.agrees(bodyText(state, "tenant"), bodyText(state, "customerId"))) {
            return refuse(message, Reason.TENANT_MISMATCH);
        }
        JsonNode healthScore = state.path("healthScore");
        BigDecimal score = healthScore.isNumber() && healthScore.doubleValue() >= 0 && healthScore.doubleValue() <= 100
                ? healthScore.decimalValue() : null;
        return states.update(subject.tenant(), subject.customerId(), score, text(state, "healthBand"), text(state, "exitState"),
                        occurredAt)
                .subscribeAsCompletionStage();
    }

    private CompletionStage<Void> refuse(Message message, Reason reason) {
        refused.refuse(CONSUMER, message.getSubject(), reason);
        return CompletableFuture.completedFuture(null);
    }

    /** A body member as the message names it (any JSON value but null), to compare with the subject. */
    private static String bodyText(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() && value.asText().length() <= 64 ? value.asText() : null;
    }
}
