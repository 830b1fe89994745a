package io.customer360.common.nats;

import io.nats.client.ConsumerContext;
import io.nats.client.JetStreamApiException;
import io.nats.client.Message;
import io.nats.client.MessageConsumer;
import io.nats.client.ConsumeOptions;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.quarkus.logging.Log;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A durable JetStream consumer shared by every replica of a service. Each message goes to an asynchronous
 * handler; it is acked only when the handler's stage completes, and nak'ed with a delay when it fails, so a crash
 * at any point means redelivery, never loss. In-flight work is bounded by the consumer's max-ack-pending.
 * <p>
 * On shutdown ({@link #closeAll}) it stops pulling, lets every message already received finish and settles it (ack,
 * or nak on failure), so a SIGTERM neither cuts work in half nor leaves applied messages unacked to be applied again.
 */
public final class DurableConsumer implements AutoCloseable {

    private static final Duration FIRST_RETRY = Duration.ofMillis(500);
    private static final Duration LAST_RETRY = Duration.ofSeconds(30);
    /**
     * How long one pull request waits on the server. A pull request is lost when NATS restarts; the client notices
     * by the missing idle heartbeats (half of this), so the default 30 s stalled consumption for over a minute after a
     * NATS restart (ChaosIT); 5 s resumes within seconds for one empty pull per 5 s when idle.
     */
    private static final Duration PULL_EXPIRES_IN = Duration.ofSeconds(5);
    private static final Duration RESUME_RETRY = Duration.ofSeconds(1);
    /**
     * How long a shutdown waits for the messages already received to be settled: a pull still open delivers for up to
     * {@link #PULL_EXPIRES_IN}, then its last messages are handled. Part of the pod's termination grace period
     * (docs/configuration.md "Graceful shutdown").
     */
    static final Duration SETTLE_WITHIN = Duration.ofSeconds(15);

    private final String description;
    private final ConsumerContext context;
    private final ConsumeOptions options;
    private final Function<Message, CompletionStage<Void>> handler;
    private final NatsClient nats;
    private MessageConsumer consumer;
    private boolean closed;
    /** Messages handed to the handler and not yet acked or nak'ed. */
    private final AtomicInteger unsettled = new AtomicInteger();

    private DurableConsumer(String description, ConsumerContext context, ConsumeOptions options,
            Function<Message, CompletionStage<Void>> handler, NatsClient nats) {
        this.nats = nats;
        this.description = description;
        this.context = context;
        this.options = options;
        this.handler = handler;
    }

    /**
     * Binds to a durable consumer of the {@link Topology} (the provisioning step created it; services may not) and
     * starts consuming.
     */
    public static DurableConsumer bind(NatsClient nats, Topology.ConsumerSpec spec, int batchSize,
            Function<Message, CompletionStage<Void>> handler) throws IOException, JetStreamApiException {
        String stream = nats.name(spec.stream());
        String durable = nats.name(spec.durable());
        ConsumerContext context = nats.connection().getConsumerContext(stream, durable);
        ConsumeOptions options = ConsumeOptions.builder().batchSize(batchSize).expiresIn(PULL_EXPIRES_IN.toMillis()).build();
        DurableConsumer consumer = new DurableConsumer(stream + "/" + durable, context, options, handler, nats);
        consumer.consume();
        nats.onReconnect(consumer::resume);
        nats.consuming(consumer);
        Log.infof("Consuming %s", consumer.description);
        return consumer;
    }

    private synchronized void consume() throws IOException, JetStreamApiException {
        consumer = context.consume(options, message -> dispatch(message, handler));
    }

    /**
     * Pull requests do not survive a NATS restart, and the client's heartbeat alarm alone left consumers without
     * messages for minutes after one (ChaosIT): after a reconnect the pulls start afresh. Unacked messages are
     * unaffected: they are acked (or redelivered) by stream sequence, whichever pull delivered them.
     */
    private synchronized void resume() {
        consumer.stop();
        for (int attempt = 1; !closed; attempt++) {
            try {
                consume();
                Log.infof("Consuming %s again after a reconnect", description);
                return;
            } catch (IOException | JetStreamApiException | RuntimeException e) {
                Log.warnf("Cannot resume consuming %s after a reconnect (attempt %d), trying again: %s", description,
                        attempt, e.toString());
                try {
                    wait(RESUME_RETRY.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void dispatch(Message message, Function<Message, CompletionStage<Void>> handler) {
        unsettled.incrementAndGet();
        // the handler runs in the message's CONSUMER span (a child of its publisher's), which ends with the work
        Span span = nats.tracing().startProcessing(message, nats.contractSubject(message.getSubject()), description);
        CompletionStage<Void> work;
        try (Scope ignored = span.makeCurrent()) {
            work = handler.apply(message);
        } catch (RuntimeException e) {
            NatsTracing.end(span, e);
            try {
                retryLater(message, e);
            } finally {
                settled();
            }
            return;
        }
        work.whenComplete((ignored, failure) -> {
            NatsTracing.end(span, failure);
            try {
                if (failure == null) {
                    message.ack();
                } else {
                    retryLater(message, failure);
                }
            } finally {
                settled();
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

    private void settled() {
        if (unsettled.decrementAndGet() == 0) {
            synchronized (this) {
                notifyAll();
            }
        }
    }

    /**
     * Stops every consumer pulling at once, then waits (up to {@link #SETTLE_WITHIN} in all) until each has
     * settled every message it received; what is not settled by then is redelivered after its ack wait.
     */
    public static void closeAll(List<DurableConsumer> consumers) {
        consumers.forEach(DurableConsumer::stopPulling);
        long deadline = System.nanoTime() + SETTLE_WITHIN.toNanos();
        consumers.forEach(consumer -> consumer.awaitSettled(deadline));
    }

    /** Stops pulling, waits until every message received is settled (at most {@link #SETTLE_WITHIN}), unsubscribes. */
    @Override
    public void close() {
        closeAll(List.of(this));
    }

    private synchronized void stopPulling() {
        if (closed) {
            return;
        }
        closed = true;
        notifyAll();
        try {
            consumer.stop();
        } catch (RuntimeException e) {
            Log.debugf("Stopping %s: %s", description, e.toString());
        }
    }

    /** Waits until the open pulls ended and every message they delivered is settled, or the deadline; then unsubscribes. */
    private synchronized void awaitSettled(long deadline) {
        if (consumer == null) {
            return;
        }
        try {
            // the pull still open may deliver more messages until it ends: they are handled like the others
            while (!consumer.isFinished() || unsettled.get() > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    Log.warnf("Stopped consuming %s with %d messages unsettled: they will be redelivered", description,
                            unsettled.get());
                    break;
                }
                wait(Math.max(1, Math.min(left / 1_000_000, 100)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            consumer.close();
        } catch (Exception e) {
            Log.debugf("Closing %s: %s", description, e.toString());
        }
        if (unsettled.get() == 0) {
            Log.infof("Stopped consuming %s: every message received is settled", description);
        }
    }
}
