package io.customer360.aggregator.store;

import io.customer360.common.api.ProblemException;
import io.customer360.common.api.ProblemType;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Context;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The 360 access audit (seed guardrail: audit log all 360 view access). {@link #record} completes once the row is
 * committed, and the view is answered only after that: a crash, even {@code kill -9}, never loses who read which view.
 * Writes are group-committed: while one INSERT is in flight, the accesses arriving meanwhile wait and go together in
 * the next one (one multi-row INSERT of up to {@link #BATCH} rows), so under load the audit costs one round trip per
 * batch, not per view, and alone a view waits for its own row only.
 */
@ApplicationScoped
public class AccessAudit {

    static final int BATCH = 1000;

    private final Pool pool;
    private final ConcurrentLinkedQueue<Waiting> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean writing = new AtomicBoolean();
    private final AtomicLong inserts = new AtomicLong();

    AccessAudit(Pool pool) {
        this.pool = pool;
    }

    /** An access waiting for its row to be committed, and where to resume the caller (its Vert.x context). */
    private record Waiting(AuditEntry entry, UniEmitter<? super Void> caller, Context context) {}

    /**
     * Writes one audit row; the Uni completes when it is committed, or fails with a 503 problem when it could not be
     * written (the caller then answers that, never the unaudited view).
     */
    public Uni<Void> record(
            String tenant,
            String customerId,
            String subject,
            String agent,
            String purpose,
            String channel,
            int status,
            String redactions) {
        AuditEntry entry = new AuditEntry(
                tenant, customerId, subject, agent, purpose, channel, status, redactions, OffsetDateTime.now());
        return Uni.createFrom().emitter(caller -> {
            queue.add(new Waiting(entry, caller, io.vertx.core.Vertx.currentContext()));
            writeNext();
        });
    }

    /** Starts the next INSERT unless one is in flight; the one in flight starts it when it is done. */
    private void writeNext() {
        while (!queue.isEmpty() && writing.compareAndSet(false, true)) {
            List<Waiting> batch = new ArrayList<>();
            Waiting waiting;
            while (batch.size() < BATCH && (waiting = queue.poll()) != null) {
                batch.add(waiting);
            }
            if (batch.isEmpty()) {
                // another writer took them between the check and the poll
                writing.set(false);
                continue;
            }
            inserts.incrementAndGet();
            insert(batch.stream().map(Waiting::entry).toList())
                    .subscribe()
                    .with(ignored -> done(batch, null), failure -> done(batch, failure));
            return;
        }
    }

    private void done(List<Waiting> batch, Throwable failure) {
        if (failure != null) {
            Log.errorf(
                    "Access audit: %d rows not written, their views are refused: %s", batch.size(), failure.toString());
        }
        writing.set(false);
        // the next batch starts before the callers resume: they may queue more, which then waits for it
        writeNext();
        for (Waiting waiting : batch) {
            Runnable resume = failure == null
                    ? () -> waiting.caller().complete(null)
                    : () -> waiting.caller()
                            .fail(new ProblemException(
                                    ProblemType.UPSTREAM_UNAVAILABLE,
                                    "The access audit cannot be written; the view is not served unaudited"));
            if (waiting.context() != null) {
                waiting.context().runOnContext(v -> resume.run());
            } else {
                resume.run();
            }
        }
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
                .execute(Tuple.tuple()
                        .addArrayOfString(tenants)
                        .addArrayOfString(customers)
                        .addArrayOfString(subjects)
                        .addArrayOfString(agents)
                        .addArrayOfString(purposes)
                        .addArrayOfString(channels)
                        .addArrayOfInteger(statuses)
                        .addArrayOfString(redactions)
                        .addArrayOfOffsetDateTime(times))
                .replaceWithVoid();
    }

    /** Accesses waiting for their row (queued or in the INSERT in flight). */
    public boolean idle() {
        return queue.isEmpty() && !writing.get();
    }

    /** INSERT statements issued so far: fewer than the rows when concurrent accesses were batched. */
    long inserts() {
        return inserts.get();
    }

    /** Before the pool closes (it observes shutdown later), the INSERT in flight and its followers finish. */
    void drain(@Observes @Priority(1) ShutdownEvent ignored) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (!idle() && Instant.now().isBefore(deadline)) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        if (!idle()) {
            Log.errorf("Access audit: rows still being written at shutdown");
        }
    }
}
