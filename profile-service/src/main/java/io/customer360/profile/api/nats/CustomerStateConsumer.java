package io.customer360.profile.api.nats;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.customer360.common.contract.messages.Customer360State;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Copies the health score, band and exit state aggregator-service publishes on
 * {@code customer360.state.{tenant}.{customer_id}} ({@link Customer360State}) onto the customer, so lists and
 * analytics can filter by them. The tenant and customer come from the subject; a state older than the stored one
 * changes nothing. A message whose subject does not name a valid tenant and customer, or whose body names another, is
 * refused ({@link RefusedMessages}: acked, counted, nothing applied).
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
        Customer360State state;
        try {
            state = mapper.readValue(message.getData(), Customer360State.class);
        } catch (IOException e) {
            state = null;
        }
        if (state == null || state.occurredAt() == null) {
            return refuse(message, Reason.UNREADABLE);
        }
        if (!subject.agrees(state.tenant(), state.customerId())) {
            return refuse(message, Reason.TENANT_MISMATCH);
        }
        Integer healthScore = state.healthScore();
        BigDecimal score =
                healthScore != null && healthScore >= 0 && healthScore <= 100 ? BigDecimal.valueOf(healthScore) : null;
        return states.update(
                        subject.tenant(),
                        subject.customerId(),
                        score,
                        bounded(state.healthBand()),
                        bounded(state.exitState()),
                        state.occurredAt())
                .subscribeAsCompletionStage();
    }

    private CompletionStage<Void> refuse(Message message, Reason reason) {
        refused.refuse(CONSUMER, message.getSubject(), reason);
        return CompletableFuture.completedFuture(null);
    }

    /** A band or state as stored: at most 64 characters, else none. */
    private static String bounded(String value) {
        return value != null && value.length() <= 64 ? value : null;
    }
}
