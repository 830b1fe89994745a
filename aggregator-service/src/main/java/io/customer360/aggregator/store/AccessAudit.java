package io.customer360.aggregator.store;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The 360 access audit (seed guardrail: audit log all 360 view access). Accesses are queued and written in batches,
 * one multi-row INSERT at least every {@link #FLUSH_EVERY} — durable within a second, off the request's path. A failed
 * write keeps its entries queued for the next flush, and shutdown drains the queue before the pool closes.
 */
@ApplicationScoped
public class AccessAudit {

    static final Duration FLUSH_EVERY = Duration.ofMillis(200);
    private static final int BATCH = 1000;

    private final Pool pool;
    private final Vertx vertx;
    private final ConcurrentLinkedQueue<AuditEntry> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicBoolean flushing = new AtomicBoolean();
    private long timer = -1;

    AccessAudit(Pool pool, Vertx vertx) {
        this.pool = pool;
        this.vertx = vertx;
    }

    public void record(String tenant, String customerId, String subject, String agent, String purpose, String channel,
            int status, String redactions) {
        queue.add(new AuditEntry(tenant, customerId, subject, agent, purpose, channel, status, redactions, OffsetDateTime.now()));
        queued.incrementAndGet();
        ensureTimer();
    }

    private synchronized void stopTimer() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
            timer = -1;
        }
    }

    private synchronized void ensureTimer() {
        if (timer < 0) {
            timer = vertx.setPeriodic(FLUSH_EVERY.toMillis(), id -> flush().subscribe().with(ignored -> { }, failure -> { }));
        }
    }

    /** Writes what is queued; completes when it is committed. */
    public Uni<Void> flush() {
        if (queue.isEmpty() || !flushing.compareAndSet(false, true)) {
            return Uni.createFrom().voidItem();
        }
        List<AuditEntry> batch = new ArrayList<>();
        AuditEntry entry;
        while (batch.size() < BATCH && (entry = queue.poll()) != null) {
            batch.add(entry);
        }
        queued.addAndGet(-batch.size());
        return insert(batch)
                .onFailure().invoke(failure -> {
                    Log.warnf("Access audit: %d entries not written yet, retrying: %s", batch.size(), failure.toString());
                    queue.addAll(batch);
                    queued.addAndGet(batch.size());
                })
                .eventually(() -> flushing.set(false))
                .chain(() -> queue.isEmpty() || batch.size() < BATCH ? Uni.createFrom().voidItem() : flush());
    }

    private Uni<Void> insert(List<AuditEntry> batch) {
        int size = batch.size();
        String[] tenants = new String[size];
        String[] customers = new String[size];
        String[] subjects = new String[size];
        String[] agents = new String[size];
        String[] purposes = new String[size];
        String[] channels = new String[size];
        Integer[] statuses = new Integer[size];
        String[] redactions = new String[size];
        OffsetDateTime[] times = new OffsetDateTime[size];
        for (int i = 0; i < size; i++) {
            AuditEntry e = batch.get(i);
            tenants[i] = e.tenant();
            customers[i] = e.customerId();
            subjects[i] = e.subject();
            agents[i] = e.agent();
            purposes[i] = e.purpose();
            channels[i] = e.channel();
            statuses[i] = e.status();
            redactions[i] = e.redactions();
            times[i] = e.accessedAt();
        }
        return pool.preparedQuery("""
                        INSERT INTO access_audit (tenant, customer_id, subject, agent, purpose, channel, status, redactions, accessed_at)
                        SELECT t, c, s, a, p, ch, st, r, at
                        FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::int[], $8::text[],
                                    $9::timestamptz[]) AS x(t, c, s, a, p, ch, st, r, at)""")
                .execute(Tuple.tuple().addArrayOfString(tenants).addArrayOfString(customers).addArrayOfString(subjects)
                        .addArrayOfString(agents).addArrayOfString(purposes).addArrayOfString(channels)
                        .addArrayOfInteger(statuses).addArrayOfString(redactions).addArrayOfOffsetDateTime(times))
                .replaceWithVoid();
    }

    /** Entries accepted but not yet written. */
    public int pending() {
        return queued.get();
    }

    /** Before the pool closes (it observes shutdown later), every queued entry is written. */
    void drain(@Observes @Priority(1) ShutdownEvent ignored) {
        stopTimer();
        for (int attempt = 0; attempt < 5 && !queue.isEmpty(); attempt++) {
            try {
                flushing.set(false);
                flush().await().atMost(Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                Log.warnf("Access audit: flush on shutdown failed: %s", e.toString());
            }
        }
        if (!queue.isEmpty()) {
            Log.errorf("Access audit: %d entries could not be written before shutdown", queue.size());
        }
    }
}
