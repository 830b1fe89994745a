package io.customer360.ingest.service;

import io.customer360.common.nats.Topology;
import io.customer360.ingest.config.IngestConfig;
import io.customer360.ingest.domain.IngestSubjects;
import io.customer360.ingest.domain.IngestSubjects.HttpSubject;
import io.customer360.ingest.domain.IngestSubjects.StreamSubject;
import io.customer360.ingest.domain.Intake;
import io.customer360.ingest.domain.Outcome;
import io.customer360.ingest.domain.PartnerSubject;
import io.customer360.ingest.messaging.RetainedEvents;
import io.customer360.ingest.messaging.RetainedEvents.Event;
import io.customer360.ingest.store.ErasedCustomers;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Re-delivers a tenant's retained raw events of a time range (optionally one customer) through intake: partner events
 * of every subject form of the tenant ({@code customer.events.…} in {@code CUSTOMER_EVENTS} for the default tenant,
 * {@code tenant.{t}.customer.events.…} in the tenant's {@code CUSTOMER_EVENTS_<TENANT>}) and events that came over
 * HTTP ({@code intake.http.{t}.…}, stream {@code HTTP_EVENTS}), merged in stored-time order: one ordered consumer per subject filter, and always the oldest
 * head next (a k-way merge). So everything stored before a report's {@code nextFrom} was replayed, whatever its
 * subject, and a paged replay never skips an event. Safe because everything downstream is idempotent; erased customers
 * are skipped. Blocking: call it on a worker thread.
 */
@ApplicationScoped
public class ReplayService {

    /** How long an ordered consumer may take to deliver its first message; none by then: nothing in the range. */
    private static final Duration FIRST = Duration.ofSeconds(1);
    /** How long the next message may take once the previous one said more are pending. */
    private static final Duration NEXT = Duration.ofSeconds(10);

    private static final Comparator<Cursor> OLDEST_FIRST = Comparator.comparing((Cursor cursor) -> cursor.stored)
            .thenComparing(cursor -> cursor.stream)
            .thenComparingLong(cursor -> cursor.head.sequence());

    private final RetainedEvents retained;
    private final IngestConfig config;
    private final IntakeService intake;
    private final ErasedCustomers erased;

    ReplayService(RetainedEvents retained, IngestConfig config, IntakeService intake, ErasedCustomers erased) {
        this.retained = retained;
        this.config = config;
        this.intake = intake;
        this.erased = erased;
    }

    /** What a replay did; {@code nextFrom} is set when it stopped at the limit and more events remain. */
    public record ReplayReport(
            @Schema(required = true) int replayed,
            @Schema(required = true) int accepted,
            @Schema(required = true) int duplicates,
            @Schema(required = true) int rejected,
            @Schema(required = true) int skippedErased,
            Instant nextFrom) {}

    /** Counts of one replay as it runs, and the erasure tombstones it looked up. */
    private static final class Tally {
        int replayed;
        int accepted;
        int duplicates;
        int rejected;
        int skippedErased;
        final Map<String, Boolean> erased = new HashMap<>();

        int counted() {
            return replayed + skippedErased;
        }
    }

    /**
     * Replays [from, to) in stored-time order, at most {@code limit} events, except that events stored at the very same
     * instant are never split across two calls (so {@code nextFrom}, the stored time of the first event not replayed,
     * neither skips nor repeats one).
     */
    public ReplayReport replay(String tenant, Instant from, Instant to, String customerId, int limit) {
        Tally tally = new Tally();
        Instant nextFrom = null;
        List<Cursor> cursors = new ArrayList<>(3);
        try {
            for (StreamSubject partner :
                    IngestSubjects.partnerEvents(tenant, customerId, config.defaultTenant(), config.tenants())) {
                cursors.add(new Cursor(partner.stream(), partner.subject(), from));
            }
            cursors.add(new Cursor(Topology.HTTP_EVENTS, IngestSubjects.httpEvents(tenant, customerId), from));
            // the consumers deliver concurrently: one wait for every first message
            long deadline = System.nanoTime() + FIRST.toNanos();
            PriorityQueue<Cursor> heads = new PriorityQueue<>(OLDEST_FIRST);
            for (Cursor cursor : cursors) {
                if (cursor.first(deadline, to)) {
                    heads.add(cursor);
                }
            }
            Instant last = null;
            while (!heads.isEmpty()) {
                Cursor oldest = heads.poll();
                if (tally.counted() >= limit && !oldest.stored.equals(last)) {
                    nextFrom = oldest.stored;
                    break;
                }
                last = oldest.stored;
                replayOne(tenant, oldest.stream, oldest.head, tally);
                if (oldest.advance(to)) {
                    heads.add(oldest);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            cursors.forEach(Cursor::close);
        }
        return new ReplayReport(
                tally.replayed, tally.accepted, tally.duplicates, tally.rejected, tally.skippedErased, nextFrom);
    }

    /**
     * One ordered read of one subject filter from a start time, and its current event. An event's pending count says
     * whether more follow, so the end of the retained events costs no wait.
     */
    private final class Cursor {

        final String stream;
        final String subject;
        final RetainedEvents.Reader reader;
        Event head;
        Instant stored;

        Cursor(String stream, String subject, Instant from) {
            this.stream = stream;
            this.subject = subject;
            this.reader = retained.read(stream, subject, from);
        }

        /** Takes the first message in range, waiting until {@code deadline} (System.nanoTime()); false: none. */
        boolean first(long deadline, Instant to) throws InterruptedException {
            long wait =
                    Math.max(deadline - System.nanoTime(), Duration.ofMillis(1).toNanos());
            return take(reader.next(Duration.ofNanos(wait)), to);
        }

        /** Moves to the next message in range; false: this subject has no more. */
        boolean advance(Instant to) throws InterruptedException {
            if (head.pending() == 0) {
                return take(null, to);
            }
            Event next = reader.next(NEXT);
            if (next == null) {
                // stopping here could skip events: fail the call instead (it is safe to run again)
                throw new IllegalStateException("Stream " + stream + " did not deliver the next retained event of "
                        + subject + " within " + NEXT.toSeconds() + " s");
            }
            return take(next, to);
        }

        private boolean take(Event event, Instant to) {
            head = event;
            stored = event == null ? null : event.stored();
            if (stored != null && !stored.isBefore(to)) {
                head = null;
                stored = null;
            }
            return head != null;
        }

        void close() {
            try {
                reader.close();
            } catch (RuntimeException e) {
                Log.debugf("Closing the replay consumer of %s: %s", subject, e.toString());
            }
        }
    }

    private void replayOne(String tenant, String stream, Event retainedEvent, Tally tally) {
        String contractSubject = retainedEvent.subject();
        String customerToken;
        Intake event;
        String deliveryKey = "nats:" + retainedEvent.stream() + ":" + retainedEvent.sequence();
        byte[] payload = retainedEvent.data();
        if (Topology.HTTP_EVENTS.equals(stream)) {
            HttpSubject subject = HttpSubject.parse(contractSubject);
            if (subject == null || !tenant.equals(subject.tenant())) {
                return;
            }
            customerToken = subject.customerToken();
            // as posted: its id is its event_id or its content's hash, never the stream's (tenant-qualified) message id
            event = new Intake(tenant, payload, null, contractSubject, null, null, Map.of(), "replay", deliveryKey);
        } else {
            PartnerSubject subject = PartnerSubject.parse(contractSubject, config.defaultTenant());
            if (!tenant.equals(subject.tenant())) {
                return;
            }
            customerToken = subject.customerId();
            event = new Intake(
                    tenant,
                    payload,
                    retainedEvent.messageId(),
                    contractSubject,
                    subject.customerId(),
                    subject.eventType(),
                    Map.of(),
                    "replay",
                    deliveryKey);
        }
        if (customerToken != null
                && tally.erased.computeIfAbsent(
                        customerToken,
                        customer -> erased.isErased(tenant, customer).await().indefinitely())) {
            tally.skippedErased++;
            return;
        }
        Outcome outcome = intake.ingest(event).await().indefinitely();
        tally.replayed++;
        switch (outcome.status()) {
            case ACCEPTED -> tally.accepted++;
            case DUPLICATE -> tally.duplicates++;
            case REJECTED -> tally.rejected++;
        }
    }
}
