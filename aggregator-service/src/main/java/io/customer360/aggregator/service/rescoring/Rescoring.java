package io.customer360.aggregator.service.rescoring;

import io.customer360.aggregator.client.BackgroundCalls;
import io.customer360.aggregator.client.ServiceToken;
import io.customer360.aggregator.config.RescoringConfig;
import io.customer360.aggregator.service.provider.ProviderRegistry;
import io.customer360.aggregator.service.view.ViewAssembler;
import io.customer360.aggregator.service.view.ViewRecorder;
import io.customer360.aggregator.store.RescoringLock;
import io.customer360.aggregator.store.RescoringQueue;
import io.customer360.common.api.ProblemException;
import io.customer360.common.api.ProblemType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.logging.Log;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Background rescoring: the accounts that changed, every account whose state was last recorded too long ago, and the
 * accounts discovered in profile-service's customer list without a state ({@link AccountDiscovery}) are built as the
 * default agent's 360 ({@link ViewAssembler}) and recorded by the one recorder of a view
 * ({@link ViewRecorder}) — health history, exit-state publication, skill triggers such as {@code red_flag_detector} on
 * a decline, insight episodes — under the aggregator's own identity, without anyone viewing. One replica runs at a time
 * ({@link RescoringLock}); a run takes at most {@code aggregator.rescoring.batch-size} due accounts
 * ({@link RescoringQueue}) and deletes each only once it is recorded, so a crashed run is resumed by the next.
 */
@Startup // its meters exist from the start, before the first run
@ApplicationScoped
public class Rescoring {

    /** What became of one due account. */
    public enum Outcome {
        /** Built from complete evidence and recorded; no longer due. */
        RESCORED,
        /** A source failed or ran late: nothing recorded, due again after a wait. */
        INCOMPLETE,
        /** A source does not know the customer (gone): no longer due. */
        UNKNOWN,
        /** The attempt failed (no service token, the database): due again after a wait. */
        FAILED
    }

    /**
     * One run: the tenants it covered, the accounts discovery and the sweep marked (discovered, stale), and what became
     * of those it took.
     */
    public record Run(
            List<String> tenants, int discovered, int markedStale, int taken, Map<Outcome, Integer> outcomes) {}

    private final RescoringConfig config;
    private final RescoringLock lock;
    private final RescoringQueue queue;
    private final AccountDiscovery discovery;
    private final ViewAssembler assembler;
    private final ViewRecorder recorder;
    private final ServiceToken serviceToken;
    private final BackgroundCalls backgroundCalls;
    private final Map<Outcome, Counter> accounts = new EnumMap<>(Outcome.class);
    private final Timer duration;
    private final Counter skipped;
    private final AtomicLong backlog = new AtomicLong();

    Rescoring(
            RescoringConfig config,
            RescoringLock lock,
            RescoringQueue queue,
            AccountDiscovery discovery,
            ViewAssembler assembler,
            ViewRecorder recorder,
            ServiceToken serviceToken,
            BackgroundCalls backgroundCalls,
            MeterRegistry registry) {
        this.config = config;
        this.lock = lock;
        this.queue = queue;
        this.discovery = discovery;
        this.assembler = assembler;
        this.recorder = recorder;
        this.serviceToken = serviceToken;
        this.backgroundCalls = backgroundCalls;
        for (Outcome outcome : Outcome.values()) {
            accounts.put(
                    outcome,
                    Counter.builder("c360.rescoring.accounts")
                            .description("Accounts a rescoring run took, by outcome")
                            .tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
                            .register(registry));
        }
        this.duration = Timer.builder("c360.rescoring.run.duration")
                .description("How long a rescoring run took")
                .register(registry);
        this.skipped = Counter.builder("c360.rescoring.runs.skipped")
                .description("Runs not started because another replica's run held the lock")
                .register(registry);
        Gauge.builder("c360.rescoring.due", backlog, AtomicLong::get)
                .description("Accounts due for rescoring, as of the last run")
                .register(registry);
    }

    /** Runs now for {@code tenants} and answers what it did, or null when another run holds the lock. */
    public Uni<Run> run(List<String> tenants) {
        return lock.tryAcquire(config.lockKey()).chain(held -> {
            if (held == null) {
                skipped.increment();
                return Uni.createFrom().nullItem();
            }
            return work(tenants).eventually(() -> {
                return held.release();
            });
        });
    }

    /**
     * Starts a run for {@code tenants} and answers once it holds the lock (true), or at once when another run holds it
     * (false); the run goes on in the background.
     */
    public Uni<Boolean> start(List<String> tenants) {
        return lock.tryAcquire(config.lockKey()).map(held -> {
            if (held == null) {
                skipped.increment();
                return false;
            }
            work(tenants)
                    .eventually(() -> {
                        return held.release();
                    })
                    .subscribe()
                    .with(
                            run -> {},
                            failure ->
                                    Log.warnf("Rescoring run failed (the next run resumes): %s", failure.toString()));
            return true;
        });
    }

    private Uni<Run> work(List<String> tenants) {
        Timer.Sample sample = Timer.start();
        // discovery first, so what it marks is taken by this run already
        return discovery
                .discover(tenants)
                .chain(discovered -> queue.markStale(tenants, config.staleAfter())
                        .chain(stale -> queue.next(tenants, config.batchSize())
                                .chain(due -> Multi.createFrom()
                                        .iterable(due)
                                        .onItem()
                                        .transformToUni(this::rescore)
                                        .merge(Math.max(1, config.concurrency()))
                                        .collect()
                                        .asList()
                                        .map(outcomes -> {
                                            Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
                                            outcomes.forEach(outcome -> counts.merge(outcome, 1, Integer::sum));
                                            return new Run(List.copyOf(tenants), discovered, stale, due.size(), counts);
                                        }))))
                .call(() -> queue.backlog().invoke(backlog::set).onFailure().recoverWithNull())
                .invoke(run -> Log.infof(
                        "Rescoring run for %s: %d discovered, %d marked stale, %d taken, %s",
                        run.tenants(), run.discovered(), run.markedStale(), run.taken(), run.outcomes()))
                .eventually(() -> {
                    sample.stop(duration);
                });
    }

    /** Builds and records one due account as the default agent's view; settles its due row by the outcome. */
    Uni<Outcome> rescore(RescoringQueue.Due due) {
        Instant now = Instant.now();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        return serviceToken
                .accessToken()
                .chain(token -> backgroundCalls.as(
                        due.tenant(),
                        token,
                        () -> assembler
                                .assemble(due.tenant(), due.customerId(), ProviderRegistry.DEFAULT_AGENT, null, now)
                                .chain(assembled -> {
                                    if (!assembled.built().recordable()) {
                                        return Uni.createFrom().item(Outcome.INCOMPLETE);
                                    }
                                    return recorder.record(due.tenant(), due.customerId(), today, assembled.built())
                                            .replaceWith(Outcome.RESCORED);
                                })))
                .onFailure(Rescoring::unknownCustomer)
                .recoverWithItem(Outcome.UNKNOWN)
                .onFailure()
                .recoverWithItem(failure -> {
                    Log.warnf(
                            "Rescoring %s/%s failed (due again later): %s",
                            due.tenant(), due.customerId(), failure.toString());
                    return Outcome.FAILED;
                })
                .call(outcome -> settle(due, outcome))
                .invoke(outcome -> accounts.get(outcome).increment());
    }

    private Uni<Void> settle(RescoringQueue.Due due, Outcome outcome) {
        Uni<Void> settled = switch (outcome) {
            case RESCORED, UNKNOWN -> queue.done(due).replaceWithVoid();
            case INCOMPLETE, FAILED -> queue.failed(due, config.retryAfter(), config.maxRetryAfter());
        };
        // a row left as it was is taken again by a later run
        return settled.onFailure()
                .invoke(failure -> Log.warnf(
                        "Due row of %s/%s not settled: %s", due.tenant(), due.customerId(), failure.toString()))
                .onFailure()
                .recoverWithNull();
    }

    private static boolean unknownCustomer(Throwable failure) {
        return failure instanceof ProblemException problem
                && problem.problem().status() == ProblemType.NOT_FOUND.status();
    }
}
