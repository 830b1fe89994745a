package io.customer360.common.nats;

import io.nats.client.ConsumerContext;
import io.nats.client.JetStreamApiException;
import io.nats.client.Message;
import io.nats.client.MessageConsumer;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.ConsumeOptions;
import io.quarkus.logging.Log;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * A durable JetStream consumer shared by every replica of a service. Each message goes to an asynchronous
 * handler; it is acked only when the handler's stage completes, and nak'ed with a delay when it fails, so a crash
 * at any point means redelivery, never loss. In-flight work is bounded by the consumer's max-ack-pending.
 */
public final class DurableConsumer implements AutoCloseable {

    private static final Duration FIRST_RETRY = Duration.ofMillis(500);
    private static final Duration LAST_RETRY = Duration.ofSeconds(30);

    private final String description;
    private final MessageConsumer consumer;

    private DurableConsumer(String description, MessageConsumer consumer) {
        this.description = description;
        this.consumer = consumer;
    }

    public static DurableConsumer start(NatsClient nats, String stream, ConsumerConfiguration configuration,
            int batchSize, Function<Message, CompletionStage<Void>> handler)
            throws IOException, JetStreamApiException {
        nats.management().addOrUpdateConsumer(stream, configuration);
        ConsumerContext context = nats.connection().getConsumerContext(stream, configuration.getDurable());
        String description = stream + "/" + configuration.getDurable();
        DurableConsumer[] self = new DurableConsumer[1];
        MessageConsumer consumer = context.consume(ConsumeOptions.builder().batchSize(batchSize).build(),
                message -> self[0].dispatch(message, handler));
        self[0] = new DurableConsumer(description, consumer);
        Log.infof("Consuming %s", description);
        return self[0];
    }

    private void dispatch(Message message, Function<Message, CompletionStage<Void>> handler) {
        CompletionStage<Void> work;
        try {
            work = handler.apply(message);
        } catch (RuntimeException e) {
            retryLater(message, e);
            return;
        }
        work.whenComplete((ignored, failure) -> {
            if (failure == null) {
                message.ack();
            } else {
                retryLater(message, failure);
            }
        });
    }

    private void retryLater(Message message, Throwable failure) {
        Log.warnf("%s: message %s failed (delivery %d), will be redelivered: %s", description,
                message.metaData().streamSequence(), message.metaData().deliveredCount(), failure.toString());
        message.nakWithDelay(retryDelay(message.metaData().deliveredCount()));
    }

    /** Exponential backoff: 0.5 s, 1 s, 2 s, … capped at 30 s. */
    static Duration retryDelay(long deliveredCount) {
        long factor = 1L << Math.min(Math.max(deliveredCount - 1, 0), 10);
        Duration delay = FIRST_RETRY.multipliedBy(factor);
        return delay.compareTo(LAST_RETRY) > 0 ? LAST_RETRY : delay;
    }

    @Override
    public void close() {
        try {
            consumer.stop();
        } catch (RuntimeException e) {
            Log.debugf("Stopping %s: %s", description, e.toString());
        }
    }
}
