package io.customer360.common.nats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.customer360.common.nats.RefusedMessages.Reason;
import io.customer360.common.nats.Topology.ConsumerSpec;
import io.nats.client.JetStreamApiException;
import io.nats.client.Message;
import io.smallrye.mutiny.Uni;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;

/**
 * Subscribes a service to {@code customer.erased.{tenant}.{customer_id}} (stream {@code PROFILE_CHANGES}, published by
 * profile-service) through its durable consumer, so every service erases its share of a customer once. Tenant and
 * customer come from the subject; a message whose body names another, or whose subject is not a valid
 * tenant and customer id (a wildcard, say), erases nothing.
 */
public final class CustomerErasures {

    private static final String KIND = "customer.erased";

    private CustomerErasures() {
    }

    /** Starts the consumer; {@code erase} gets (tenant, customer id) and completes once the erasure is durable. */
    public static DurableConsumer consume(NatsClient nats, ObjectMapper mapper, RefusedMessages refused, ConsumerSpec spec,
            BiFunction<String, String, Uni<Void>> erase) throws IOException, JetStreamApiException {
        return DurableConsumer.bind(nats, spec, 10, message -> handle(nats, mapper, refused, spec.durable(), erase, message));
    }

    private static CompletionStage<Void> handle(NatsClient nats, ObjectMapper mapper, RefusedMessages refused, String consumer,
            BiFunction<String, String, Uni<Void>> erase, Message message) {
        CustomerSubject subject = CustomerSubject.parse(nats.contractSubject(message.getSubject()), KIND);
        if (subject == null) {
            refused.refuse(consumer, message.getSubject(), Reason.INVALID_SUBJECT);
            return CompletableFuture.completedFuture(null);
        }
        JsonNode body;
        try {
            body = mapper.readTree(message.getData());
        } catch (IOException e) {
            body = null;
        }
        if (body == null || !body.isObject()) {
            refused.refuse(consumer, message.getSubject(), Reason.UNREADABLE);
            return CompletableFuture.completedFuture(null);
        }
        if (!subject.agrees(text(body, "tenant"), text(body, "customerId"))) {
            refused.refuse(consumer, message.getSubject(), Reason.TENANT_MISMATCH);
            return CompletableFuture.completedFuture(null);
        }
        return erase.apply(subject.tenant(), subject.customerId()).subscribeAsCompletionStage();
    }

    private static String text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
