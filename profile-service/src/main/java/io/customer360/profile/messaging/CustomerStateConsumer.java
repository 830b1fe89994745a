package io.customer360.profile.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.customer360.common.nats.DurableConsumer;
import io.customer360.common.nats.NatsClient;
import io.customer360.common.nats.Topology;
import io.customer360.profile.store.CustomerStates;
import io.nats.client.JetStreamApiException;
import io.nats.client.Message;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.concurrent.CompletionStage;

/**
 * Copies the health score, band and exit state aggregator-service publishes on
 * {@code customer360.state.{tenant}.{customer_id}} onto the customer, so lists and analytics can filter by them. The
 * tenant and customer come from the subject; a state older than the stored one changes nothing.
 */
@ApplicationScoped
public class CustomerStateConsumer {


    private final NatsClient nats;
    private final ObjectMapper mapper;
    private final CustomerStates states;
    private DurableConsumer consumer;

    CustomerStateConsumer(NatsClient nats, ObjectMapper mapper, CustomerStates states) {
        this.nats = nats;
        this.mapper = mapper;
        this.states = states;
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
        String[] tokens = message.getSubject().split("\\.");
        if (tokens.length < 4) {
            return ignore(message, "subject without tenant and customer");
        }
        String tenant = tokens[tokens.length - 2];
        String customerId = tokens[tokens.length - 1];
        JsonNode state;
        Instant occurredAt;
        try {
            state = mapper.readTree(message.getData());
            occurredAt = Instant.parse(state.path("occurredAt").asText());
        } catch (IOException | DateTimeParseException e) {
            return ignore(message, "unreadable state");
        }
        JsonNode healthScore = state.path("healthScore");
        BigDecimal score = healthScore.isNumber() && healthScore.doubleValue() >= 0 && healthScore.doubleValue() <= 100
                ? healthScore.decimalValue() : null;
        return states.update(tenant, customerId, score, text(state, "healthBand"), text(state, "exitState"), occurredAt)
                .subscribeAsCompletionStage();
    }

    private static CompletionStage<Void> ignore(Message message, String why) {
        Log.errorf("Ignoring a customer360.state message on %s: %s", message.getSubject(), why);
        return Uni.createFrom().voidItem().subscribeAsCompletionStage();
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() && value.asText().length() <= 64 ? value.asText() : null;
    }
}
