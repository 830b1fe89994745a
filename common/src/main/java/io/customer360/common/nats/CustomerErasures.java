package io.customer360.common.nats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nats.client.JetStreamApiException;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Subscribes a service to {@code customer.erased.{tenant}.{customer_id}} (stream {@code PROFILE_CHANGES}, published by
 * profile-service) through a durable consumer of its own, so every service erases its share of a customer once.
 */
public final class CustomerErasures {

    public static final String STREAM = "PROFILE_CHANGES";

    private CustomerErasures() {
    }

    /** Starts the consumer; {@code erase} gets (tenant, customer id) and completes once the erasure is durable. */
    public static DurableConsumer consume(NatsClient nats, ObjectMapper mapper, String durable,
            BiFunction<String, String, Uni<Void>> erase) throws IOException, JetStreamApiException {
        String stream = nats.name(STREAM);
        Streams.ensure(nats.management(), stream,
                List.of(nats.subject("profile.changed.>"), nats.subject("customer.erased.>")),
                Duration.ofDays(7), Duration.ofMinutes(2), nats.streamReplicas());
        ConsumerConfiguration configuration = ConsumerConfiguration.builder()
                .durable(nats.name(durable))
                .filterSubject(nats.subject("customer.erased.>"))
                .ackPolicy(AckPolicy.Explicit)
                .ackWait(Duration.ofSeconds(60))
                .build();
        return DurableConsumer.start(nats, stream, configuration, 10, message -> {
            JsonNode erasure;
            try {
                erasure = mapper.readTree(message.getData());
            } catch (IOException e) {
                Log.errorf("Ignoring an unreadable erasure message on %s", message.getSubject());
                return Uni.createFrom().voidItem().subscribeAsCompletionStage();
            }
            return erase.apply(erasure.path("tenant").asText(), erasure.path("customerId").asText())
                    .subscribeAsCompletionStage();
        });
    }
}
