package io.customer360.bench.ingest;

import io.nats.client.JetStream;
import io.nats.client.PublishOptions;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * JetStream publishes with at most {@code inFlight} acks outstanding: {@link #publish} blocks while the bound is
 * reached. A publish that fails (timeout, no responders) is retried with the same message id, so the stream's
 * duplicate window keeps a retry from storing the event twice; after three attempts it counts as failed.
 */
final class AsyncPublisher {

    private static final int ATTEMPTS = 3;

    private final JetStream js;
    private final Semaphore permits;
    private final int inFlight;
    private final boolean msgId;
    final AtomicLong acked = new AtomicLong();
    final AtomicLong duplicates = new AtomicLong();
    final AtomicLong retries = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    private volatile long lastAckNanos;

    AsyncPublisher(JetStream js, int inFlight, boolean msgId) {
        this.js = js;
        this.permits = new Semaphore(inFlight);
        this.inFlight = inFlight;
        this.msgId = msgId;
    }

    void publish(String subject, byte[] body, String id) throws InterruptedException {
        permits.acquire();
        send(subject, body, id, 1);
    }

    private void send(String subject, byte[] body, String id, int attempt) {
        PublishOptions options = msgId ? PublishOptions.builder().messageId(id).build() : null;
        js.publishAsync(subject, null, body, options).whenComplete((ack, failure) -> {
            if (failure == null) {
                acked.incrementAndGet();
                if (ack.isDuplicate()) {
                    duplicates.incrementAndGet();
                }
                lastAckNanos = System.nanoTime();
                permits.release();
            } else if (attempt < ATTEMPTS) {
                retries.incrementAndGet();
                send(subject, body, id, attempt + 1);
            } else {
                failed.incrementAndGet();
                System.err.println("publish of " + id + " failed: " + failure);
                permits.release();
            }
        });
    }

    /** Waits until every publish is acked or failed; false on timeout. */
    boolean awaitAll(long timeout, TimeUnit unit) throws InterruptedException {
        if (permits.tryAcquire(inFlight, timeout, unit)) {
            permits.release(inFlight);
            return true;
        }
        return false;
    }

    long lastAckNanos() {
        return lastAckNanos;
    }
}
