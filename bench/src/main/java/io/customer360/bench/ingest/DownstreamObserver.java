package io.customer360.bench.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nats.client.Connection;
import io.nats.client.ConsumeOptions;
import io.nats.client.Message;
import io.nats.client.MessageConsumer;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.OrderedConsumerConfiguration;
import java.util.BitSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongBinaryOperator;

/**
 * Watches the normalized events ingest-service stores in the downstream stream, through an ordered JetStream
 * consumer that starts right after the stream's current last message (so it sees what profile-service would see,
 * and only this phase's events). Each event is matched by its {@code eventId} (carried as {@code Nats-Msg-Id}, qualified
 * by the tenant as {@code {tenant}:{eventId}};
 * every 50th body is parsed and checked too) to its sequence number: the first sighting counts, any later one is a
 * duplicate. Messages are handled on one dispatcher thread.
 */
final class DownstreamObserver implements AutoCloseable {

    private static final int BODY_CHECK_EVERY = 50;

    private final ObjectMapper mapper = new ObjectMapper();
    private final String prefix;
    private final int expected;
    private final String expectedTenant;
    private final String tenantQualifier;
    private final BitSet seen;
    /** nanoTime of each event's first sighting (0 = not seen). */
    private final long[] arrivals;
    /** Called with (sequence, arrival nanoTime) on the first sighting of each event. */
    private final LongBinaryOperator onFirst;

    private MessageConsumer consumer;

    final AtomicLong received = new AtomicLong();
    final AtomicLong distinct = new AtomicLong();
    final AtomicLong duplicates = new AtomicLong();
    final AtomicLong foreign = new AtomicLong();
    final AtomicLong bodyChecks = new AtomicLong();
    final AtomicLong bodyMismatches = new AtomicLong();
    private volatile long firstNanos;
    private volatile long lastNewNanos;
    private volatile String firstMismatch;

    DownstreamObserver(String prefix, int expected, String expectedTenant, LongBinaryOperator onFirst) {
        this.prefix = prefix;
        this.expected = expected;
        this.expectedTenant = expectedTenant;
        this.tenantQualifier = expectedTenant + ":";
        this.seen = new BitSet(expected);
        this.arrivals = new long[expected];
        this.onFirst = onFirst;
    }

    void start(Connection connection, String stream, String filterSubject) throws Exception {
        long last = connection
                .jetStreamManagement()
                .getStreamInfo(stream)
                .getStreamState()
                .getLastSequence();
        OrderedConsumerConfiguration config = new OrderedConsumerConfiguration()
                .filterSubject(filterSubject)
                .deliverPolicy(DeliverPolicy.ByStartSequence)
                .startSequence(last + 1);
        consumer = connection
                .getStreamContext(stream)
                .createOrderedConsumer(config)
                .consume(ConsumeOptions.builder().batchSize(1000).build(), this::onMessage);
    }

    private void onMessage(Message message) {
        long now = System.nanoTime();
        received.incrementAndGet();
        String id = message.getHeaders() == null ? null : message.getHeaders().getFirst("Nats-Msg-Id");
        if (id == null) {
            id = idFromBody(message.getData());
        } else if (id.startsWith(tenantQualifier)) {
            // ingest-service qualifies every Nats-Msg-Id it publishes by the tenant ({tenant}:{eventId}, issue 17)
            id = id.substring(tenantQualifier.length());
        }
        long seq = Payloads.seqOf(id, prefix);
        if (seq < 0 || seq >= expected) {
            foreign.incrementAndGet();
            return;
        }
        if (seq % BODY_CHECK_EVERY == 0) {
            checkBody(message.getData(), id, seq);
        }
        if (seen.get((int) seq)) {
            duplicates.incrementAndGet();
            return;
        }
        seen.set((int) seq);
        arrivals[(int) seq] = now;
        if (firstNanos == 0) {
            firstNanos = now;
        }
        lastNewNanos = now;
        onFirst.applyAsLong(seq, now);
        distinct.incrementAndGet();
    }

    private String idFromBody(byte[] body) {
        try {
            return mapper.readTree(body).path("eventId").asText(null);
        } catch (Exception e) {
            return null;
        }
    }

    /** The normalized event (docs/architecture.md) must carry the partner's event id, tenant, customer and metadata. */
    private void checkBody(byte[] body, String id, long seq) {
        bodyChecks.incrementAndGet();
        String problem;
        try {
            JsonNode event = mapper.readTree(body);
            if (!id.equals(event.path("eventId").asText())) {
                problem = "eventId " + event.path("eventId") + " != Nats-Msg-Id " + id;
            } else if (event.path("metadata").path("bench_seq").asLong(-1) != seq) {
                problem = "metadata.bench_seq " + event.path("metadata").path("bench_seq") + " != " + seq;
            } else if (!expectedTenant.equals(event.path("tenant").asText())) {
                problem = "tenant " + event.path("tenant") + " != " + expectedTenant;
            } else if (!"purchase".equals(event.path("eventType").asText())
                    || !event.path("data").isObject()
                    || event.path("customerId").asText("").isEmpty()) {
                problem = "unexpected shape: " + new String(body, java.nio.charset.StandardCharsets.UTF_8);
            } else {
                return;
            }
        } catch (Exception e) {
            problem = "unparsable body: " + e;
        }
        bodyMismatches.incrementAndGet();
        if (firstMismatch == null) {
            firstMismatch = problem;
        }
    }

    /** Events first seen after {@code from} per second, until the last one. */
    double rateAfter(long from) {
        long count = 0;
        for (long t : arrivals) {
            if (t > from) {
                count++;
            }
        }
        return lastNewNanos > from ? count / ((lastNewNanos - from) / 1e9) : Double.NaN;
    }

    /** The highest number of first sightings within any window of {@code windowNanos}, per second. */
    double peakRate(long windowNanos) {
        long[] sorted =
                java.util.Arrays.stream(arrivals).filter(t -> t != 0).sorted().toArray();
        int best = 0;
        for (int lo = 0, hi = 0; hi < sorted.length; hi++) {
            while (sorted[hi] - sorted[lo] > windowNanos) {
                lo++;
            }
            best = Math.max(best, hi - lo + 1);
        }
        return sorted.length == 0 ? Double.NaN : best / (windowNanos / 1e9);
    }

    long missing() {
        return expected - distinct.get();
    }

    long firstNanos() {
        return firstNanos;
    }

    long lastNewNanos() {
        return lastNewNanos;
    }

    String firstMismatch() {
        return firstMismatch;
    }

    /** Waits until all expected events were seen or none arrived for {@code idleSeconds}; true if all arrived. */
    boolean awaitAll(int idleSeconds, java.util.function.LongConsumer progress) throws InterruptedException {
        long lastCount = -1;
        long lastChange = System.nanoTime();
        long lastReport = System.nanoTime();
        while (distinct.get() < expected) {
            Thread.sleep(50);
            long now = System.nanoTime();
            long count = distinct.get();
            if (count != lastCount) {
                lastCount = count;
                lastChange = now;
            } else if (now - lastChange > idleSeconds * 1_000_000_000L) {
                return false;
            }
            if (progress != null && now - lastReport >= 5_000_000_000L) {
                lastReport = now;
                progress.accept(count);
            }
        }
        return true;
    }

    @Override
    public void close() {
        if (consumer != null) {
            try {
                consumer.stop();
                consumer.close();
            } catch (Exception e) {
                // ordered consumers are ephemeral: the server removes them
            }
        }
    }
}
