package io.customer360.profile.api.nats;

import io.customer360.common.contract.messages.NormalizedEvent;
import io.customer360.profile.store.BatchResult;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Turns events delivered one at a time into batches: a batch leaves when it is full or when its first event has
 * waited {@code linger}, with at most {@code maxInFlight} batches being applied at once. Each event's stage completes
 * when its batch committed, so the caller acks exactly what is stored. When a batch fails, its events are applied
 * one by one, so one bad event fails alone and the others still land.
 */
final class EventBatcher implements AutoCloseable {

    /** The event's customer does not exist yet and its tenant does not auto-create: retried later. */
    static final class CustomerNotKnownYet extends RuntimeException {
        CustomerNotKnownYet(NormalizedEvent event) {
            super("customer of event " + event.eventId() + " is not known and tenant " + event.tenant()
                    + " does not auto-create");
        }
    }

    private record Pending(NormalizedEvent event, CompletableFuture<Void> done) {}

    private final Function<List<NormalizedEvent>, Uni<BatchResult>> apply;
    private final int maxBatch;
    private final int maxInFlight;
    private final Duration linger;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "profile-event-batcher");
        thread.setDaemon(true);
        return thread;
    });
    private List<Pending> buffer = new ArrayList<>();
    private int inFlight;
    private boolean lingering;

    EventBatcher(
            Function<List<NormalizedEvent>, Uni<BatchResult>> apply, int maxBatch, int maxInFlight, Duration linger) {
        this.apply = apply;
        this.maxBatch = maxBatch;
        this.maxInFlight = maxInFlight;
        this.linger = linger;
    }

    CompletionStage<Void> submit(NormalizedEvent event) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        synchronized (this) {
            buffer.add(new Pending(event, done));
            if (buffer.size() >= maxBatch) {
                drain();
            } else if (!lingering) {
                lingering = true;
                timer.schedule(this::lingerOver, linger.toNanos(), TimeUnit.NANOSECONDS);
            }
        }
        return done;
    }

    private synchronized void lingerOver() {
        lingering = false;
        drain();
    }

    /** Starts batches while there is room; called with the lock held. */
    private void drain() {
        while (inFlight < maxInFlight && !buffer.isEmpty()) {
            List<Pending> batch;
            if (buffer.size() <= maxBatch) {
                batch = buffer;
                buffer = new ArrayList<>();
            } else {
                batch = new ArrayList<>(buffer.subList(0, maxBatch));
                buffer = new ArrayList<>(buffer.subList(maxBatch, buffer.size()));
            }
            inFlight++;
            run(batch);
        }
    }

    private void run(List<Pending> batch) {
        Uni<BatchResult> applied;
        try {
            applied = apply.apply(batch.stream().map(Pending::event).toList());
        } catch (RuntimeException e) {
            applied = Uni.createFrom().failure(e);
        }
        applied.subscribe()
                .with(
                        result -> {
                            complete(batch, result);
                            finished();
                        },
                        failure -> {
                            if (batch.size() == 1) {
                                batch.get(0).done().completeExceptionally(failure);
                                finished();
                                return;
                            }
                            Log.warnf(
                                    "A batch of %d events failed (%s); applying them one by one",
                                    batch.size(), failure.toString());
                            Multi.createFrom()
                                    .iterable(batch)
                                    .onItem()
                                    .transformToUniAndConcatenate(pending -> apply.apply(List.of(pending.event()))
                                            .invoke(result -> complete(List.of(pending), result))
                                            .onFailure()
                                            .invoke(pending.done()::completeExceptionally)
                                            .onFailure()
                                            .recoverWithNull())
                                    .collect()
                                    .last()
                                    .subscribe()
                                    .with(ignored -> finished(), ignored -> finished());
                        });
    }

    private static void complete(List<Pending> batch, BatchResult result) {
        for (Pending pending : batch) {
            if (result.deferred()
                    .contains(pending.event().tenant() + "/" + pending.event().eventId())) {
                pending.done().completeExceptionally(new CustomerNotKnownYet(pending.event()));
            } else {
                pending.done().complete(null);
            }
        }
    }

    private synchronized void finished() {
        inFlight--;
        drain();
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
