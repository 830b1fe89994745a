package io.customer360.mesh;

import io.nats.client.JetStream;
import io.nats.client.PublishOptions;
import io.nats.client.api.PublishAck;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Publishes partner events through JetStream the way a careful partner does: every event carries its id as
 * {@code Nats-Msg-Id}, and an event whose publish failed, or whose ack did not come within {@link #ACK_WITHIN}
 * (NATS restarting), is published again until the server acknowledges it. The stream's duplicate window makes a
 * repeat of an event it already stored harmless. {@link #acknowledged()} is the set the store is held to.
 */
final class AckedPublisher {

    static final Duration ACK_WITHIN = Duration.ofSeconds(5);
    /** A failed publish is tried again after this pause, not in a tight loop while NATS is away. */
    private static final Duration RETRY_AFTER = Duration.ofMillis(500);

    private record Pending(String subject, byte[] body, CompletableFuture<PublishAck> ack, long sentAtNanos) {}

    private final JetStream js;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    private long republished;

    AckedPublisher(JetStream js) {
        this.js = js;
    }

    void publish(String subject, String eventId, byte[] body) {
        pending.put(eventId, send(subject, eventId, body));
    }

    /** Collects acks and publishes again what failed or waits too long; returns the number still unacknowledged. */
    int settle() {
        long now = System.nanoTime();
        for (Map.Entry<String, Pending> entry : pending.entrySet()) {
            Pending sent = entry.getValue();
            if (sent.ack().isDone()
                    && !sent.ack().isCompletedExceptionally()
                    && !sent.ack().join().hasError()) {
                acknowledged.add(entry.getKey());
                pending.remove(entry.getKey());
            } else if (now - sent.sentAtNanos() > (sent.ack().isDone() ? RETRY_AFTER : ACK_WITHIN).toNanos()) {
                republished++;
                pending.put(entry.getKey(), send(sent.subject(), entry.getKey(), sent.body()));
            }
        }
        return pending.size();
    }

    Set<String> acknowledged() {
        return acknowledged;
    }

    /** Publishes made again after a failure or a missing ack. */
    long republished() {
        return republished;
    }

    private Pending send(String subject, String eventId, byte[] body) {
        CompletableFuture<PublishAck> ack;
        try {
            ack = js.publishAsync(
                    subject, body, PublishOptions.builder().messageId(eventId).build());
        } catch (RuntimeException e) {
            ack = CompletableFuture.failedFuture(e); // the connection is closed or reconnecting: try again later
        }
        return new Pending(subject, body, ack, System.nanoTime());
    }
}
