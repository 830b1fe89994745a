package io.customer360.common.nats;

import io.nats.client.ConsumeOptions;
import io.nats.client.ConsumerContext;
import io.nats.client.Dispatcher;
import io.nats.client.JetStreamApiException;
import io.nats.client.Message;
import io.nats.client.MessageConsumer;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.quarkus.logging.Log;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A durable JetStream consumer shared by every replica of a service. Each message goes to an asynchronous
 * handler; it is acked only when the handler's stage completes, and nak'ed with a delay when it fails, so a crash
 * at any point means redelivery, never loss. In-flight work is bounded by the consumer's max-ack-pending.
 * <p>
 * On shutdown ({@link #closeAll}) it stops pulling and lets every message that reaches the handler finish and settles
 * it (ack, or nak on failure), so a SIGTERM neither cuts work in half nor leaves applied messages unacked to be applied
 * again. jnats' {@link MessageConsumer#stop()} unsubscribes as soon as the last message of the open pull arrives, so
 * messages its dispatcher still queued then never reach the handler: unapplied, they come back after the ack wait.
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

    private final Object settledSignal = new Object();
    /** Its own dispatcher: drained on shutdown, so every message it holds reaches the handler. */
    private Dispatcher dispatcher;

    private DurableConsumer(
            String description,
            ConsumerContext context,
            ConsumeOptions options,
            Function<Message, CompletionStage<Void>> handler,
            NatsClient nats) {
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
    public static DurableConsumer bind(
            NatsClient nats,
            Topology.ConsumerSpec spec,
            int batchSize,
            Function<Message, CompletionStage<Void>> handler)
            throws IOException, JetStreamApiException {
        String stream = nats.name(spec.stream());
        String durable = nats.name(spec.durable());
        ConsumerContext context = nats.connection().getConsumerContext(stream, durable);
        ConsumeOptions options = ConsumeOptions.builder()
                .batchSize(batchSize)
                .expiresIn(PULL_EXPIRES_IN.toMillis())
                .build();
        DurableConsumer consumer = new DurableConsumer(stream + "/" + durable, context, options, handler, nats);
        consumer.dispatcher = nats.connection().createDispatcher();
        consumer.consume();
        nats.onReconnect(consumer::resume);
        nats.consuming(consumer);
        Log.infof("Consuming %s", consumer.description);
        return consumer;
    }

    private synchronized void consume() throws IOException, JetStreamApiException {
        consumer = context.consume(options, dispatcher, message -> dispatch(message, handler));
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
                Log.warnf(
                        "Cannot resume consuming %s after a reconnect (attempt %d), trying again: %s",
                        description, attempt, e.toString());
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
        Log.warnf(
                "%s: message %s failed (delivery %d), will be redelivered: %s",
                description,
                message.metaData().streamSequence(),
                message.metaData().deliveredCount(),
                failure.toString());
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
            synchronized (settledSignal) {
                settledSignal.notifyAll();
            }
        }
    }

    /**
     * Stops every consumer pulling at once, then waits (up to {@link #SETTLE_WITHIN} in all) until each has
     * settled every message it received; what is not settled by then is redelivered after its ack wait.
     */
    public static void closeAll(List<DurableConsumer> consumers) {
        // a consumer closed already (by the connection's shutdown, then by its service) is not waited for again
        List<DurableConsumer> stopping =
                consumers.stream().filter(DurableConsumer::stopPulling).toList();
        long deadline = System.nanoTime() + SETTLE_WITHIN.toNanos();
        stopping.forEach(consumer -> consumer.awaitSettled(deadline));
    }

    /** Stops pulling, waits until every message received is settled (at most {@link #SETTLE_WITHIN}), unsubscribes. */
    @Override
    public void close() {
        closeAll(List.of(this));
    }

    /** Stops asking for messages; false when it was stopped already. */
    private synchronized boolean stopPulling() {
        if (closed) {
            return false;
        }
        closed = true;
        notifyAll();
        try {
            consumer.stop();
        } catch (RuntimeException e) {
            Log.debugf("Stopping %s: %s", description, e.toString());
        }
        return true;
    }

    /**
     * Waits until the open pull ended (its last messages reached this client), the dispatcher handed over what it still
     * holds for a live subscription (a drain), and every message the handler got is settled; or the deadline.
     */
    private void awaitSettled(long deadline) {
        MessageConsumer stopped;
        synchronized (this) {
            stopped = consumer;
        }
        try {
            while (!stopped.isFinished() && deadline - System.nanoTime() > 0) {
                Thread.sleep(20);
            }
            long drainMillis = Math.max(TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()), 1000);
            dispatcher.drain(Duration.ofMillis(drainMillis)).get(drainMillis + 1000, TimeUnit.MILLISECONDS);
            synchronized (settledSignal) {
                for (long left = deadline - System.nanoTime();
                        unsettled.get() > 0 && left > 0;
                        left = deadline - System.nanoTime()) {
                    settledSignal.wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 100)));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            Log.warnf("Draining %s: %s", description, e.toString());
        }
        if (unsettled.get() == 0) {
            Log.infof("Stopped consuming %s: every message received is settled", description);
        } else {
            Log.warnf(
                    "Stopped consuming %s with %d messages unsettled: they will be redelivered",
                    description, unsettled.get());
        }
    }
}
