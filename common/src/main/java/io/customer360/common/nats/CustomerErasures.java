package io.customer360.common.nats;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.customer360.common.api.CustomerIds;
import io.customer360.common.contract.messages.CustomerErased;
import io.customer360.common.nats.RefusedMessages.Reason;
import io.customer360.common.nats.Topology.ConsumerSpec;
import io.nats.client.JetStreamApiException;
import io.nats.client.Message;
import io.smallrye.mutiny.Uni;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Subscribes a service to {@code customer.erased.{tenant}.{customer_id}} (stream {@code PROFILE_CHANGES}, published by
 * profile-service, read as {@link CustomerErased}) through its durable consumer, so every service erases its share of a customer once. Tenant and
 * customer come from the subject; a message whose body names another, or whose subject is not a valid
 * tenant and customer id (a wildcard, say), erases nothing.
 */
public final class CustomerErasures {

    private static final String KIND = "customer.erased";

    private CustomerErasures() {}

    /**
     * An erasure: the tenant and customer of the subject, and the customer's subject tokens (its id first, then the ids
     * merged into it and the hashed tokens of its emails, as profile-service collected them; only valid single tokens,
     * never a wildcard), under which a service's streams may hold its messages.
     */
    public record Erasure(String tenant, String customerId, List<String> subjectTokens) {}

    /** Starts the consumer; {@code erase} gets (tenant, customer id) and completes once the erasure is durable. */
    public static DurableConsumer consume(
            NatsClient nats,
            ObjectMapper mapper,
            RefusedMessages refused,
            ConsumerSpec spec,
            BiFunction<String, String, Uni<Void>> erase)
            throws IOException, JetStreamApiException {
        return consumeErasures(
                nats, mapper, refused, spec, erasure -> erase.apply(erasure.tenant(), erasure.customerId()));
    }

    /** The same, with the customer's subject tokens, for a service that purges messages kept under them. */
    public static DurableConsumer consumeErasures(
            NatsClient nats,
            ObjectMapper mapper,
            RefusedMessages refused,
            ConsumerSpec spec,
            Function<Erasure, Uni<Void>> erase)
            throws IOException, JetStreamApiException {
        return DurableConsumer.bind(
                nats, spec, 10, message -> handle(nats, mapper, refused, spec.durable(), erase, message));
    }

    private static CompletionStage<Void> handle(
            NatsClient nats,
            ObjectMapper mapper,
            RefusedMessages refused,
            String consumer,
            Function<Erasure, Uni<Void>> erase,
            Message message) {
        CustomerSubject subject = CustomerSubject.parse(nats.contractSubject(message.getSubject()), KIND);
        if (subject == null) {
            refused.refuse(consumer, message.getSubject(), Reason.INVALID_SUBJECT);
            return CompletableFuture.completedFuture(null);
        }
        CustomerErased erased;
        try {
            erased = mapper.readValue(message.getData(), CustomerErased.class);
        } catch (IOException e) {
            erased = null;
        }
        if (erased == null) {
            refused.refuse(consumer, message.getSubject(), Reason.UNREADABLE);
            return CompletableFuture.completedFuture(null);
        }
        if (!subject.agrees(erased.tenant(), erased.customerId())) {
            refused.refuse(consumer, message.getSubject(), Reason.TENANT_MISMATCH);
            return CompletableFuture.completedFuture(null);
        }
        List<String> tokens = subjectTokens(subject.customerId(), erased.subjectTokens());
        if (tokens == null) {
            refused.refuse(consumer, message.getSubject(), Reason.INVALID_ID);
            return CompletableFuture.completedFuture(null);
        }
        return erase.apply(new Erasure(subject.tenant(), subject.customerId(), tokens))
                .subscribeAsCompletionStage();
    }

    /** The customer id and the message's tokens, each once; null when a token is not one valid subject token. */
    private static List<String> subjectTokens(String customerId, List<String> given) {
        Set<String> tokens = new LinkedHashSet<>(List.of(customerId));
        if (given != null) {
            for (String token : given) {
                if (!CustomerIds.isValid(token)) {
                    return null;
                }
                tokens.add(token);
            }
        }
        return new ArrayList<>(tokens);
    }
}
