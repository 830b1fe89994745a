package io.customer360.aggregator.service.provider;

import io.customer360.aggregator.client.ProfileReads;
import io.customer360.aggregator.config.AggregatorConfig;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeoutException;

/**
 * Runs providers in parallel, each under its own time budget. A provider that fails or answers late yields an
 * outcome that says so, and one WARN line (provider, outcome, reason, duration, tenant, customer id; never the
 * customer's data or an upstream body); the fan-out itself never fails.
 */
@ApplicationScoped
public class ContextFanOut {

    private final AggregatorConfig config;
    private final ProviderStats stats;

    ContextFanOut(AggregatorConfig config, ProviderStats stats) {
        this.config = config;
        this.stats = stats;
    }

    /** {@code profile}: the view's reads of profile-service, shared by the providers that read it. */
    public Uni<ProviderResults> run(String tenant, ProfileReads profile, List<ContextProvider> providers) {
        if (providers.isEmpty()) {
            return Uni.createFrom().item(new ProviderResults(List.of()));
        }
        List<Uni<ProviderOutcome>> calls = providers.stream()
                .map(provider -> call(provider, tenant, profile))
                .toList();
        return Uni.join().all(calls).andCollectFailures().map(ProviderResults::new);
    }

    private Uni<ProviderOutcome> call(ContextProvider provider, String tenant, ProfileReads profile) {
        String customerId = profile.customerId();
        Duration budget = config.providers().budgetOf(provider.name());
        long[] started = new long[1];
        return Uni.createFrom()
                .deferred(() -> {
                    started[0] = System.nanoTime();
                    return provider.fetch(customerId, profile);
                })
                .ifNoItem()
                .after(budget)
                .failWith(TimeoutException::new)
                .map(data -> data == null
                        ? outcome(
                                provider,
                                ProviderOutcome.Status.NOT_FOUND,
                                null,
                                started[0],
                                "the source does not know this customer")
                        : outcome(provider, ProviderOutcome.Status.OK, data, started[0], null))
                .onFailure(TimeoutException.class)
                .recoverWithItem(() -> logged(
                        outcome(
                                provider,
                                ProviderOutcome.Status.TIMED_OUT,
                                null,
                                started[0],
                                "no answer within its " + budget.toMillis() + " ms budget"),
                        "timeout after the " + budget.toMillis() + " ms budget",
                        tenant,
                        customerId))
                .onFailure(ContextFanOut::withheld)
                .recoverWithItem(failure ->
                        outcome(provider, ProviderOutcome.Status.WITHHELD, null, started[0], reason(failure)))
                .onFailure()
                .recoverWithItem(failure -> logged(
                        outcome(provider, ProviderOutcome.Status.FAILED, null, started[0], reason(failure)),
                        logReason(failure),
                        tenant,
                        customerId))
                .invoke(stats::record);
    }

    /** The source refused the record to this caller (a 403 problem): a visibility rule, not a failure. */
    private static boolean withheld(Throwable failure) {
        return failure instanceof io.customer360.common.api.ProblemException problem
                && problem.problem().status() == io.customer360.common.api.ProblemType.FORBIDDEN.status();
    }

    private static ProviderOutcome outcome(
            ContextProvider provider, ProviderOutcome.Status status, Object data, long startedNanos, String reason) {
        return new ProviderOutcome(
                provider.name(),
                provider.source(),
                status,
                data,
                Duration.ofNanos(System.nanoTime() - startedNanos),
                reason);
    }

    /** One line per provider that failed or ran late: what operators need to find the cause, no customer data. */
    private static ProviderOutcome logged(ProviderOutcome outcome, String reason, String tenant, String customerId) {
        Log.warnf(
                "Context provider failed: provider=%s outcome=%s reason=\"%s\" durationMs=%d tenant=%s customerId=%s",
                outcome.provider(),
                outcome.status().name().toLowerCase(Locale.ROOT),
                reason,
                outcome.latency().toMillis(),
                tenant,
                customerId);
        return outcome;
    }

    /** The problem's detail when the client turned the failure into one; never a stack trace or upstream body. */
    private static String reason(Throwable failure) {
        if (failure instanceof io.customer360.common.api.ProblemException problem) {
            return problem.problem().detail();
        }
        return "the provider failed";
    }

    /**
     * For the log: the problem's detail (written by the client, with the upstream's HTTP status, e.g. "profile-service
     * answered 500"), else the exception's class; its message may quote customer data, so it is left out.
     */
    private static String logReason(Throwable failure) {
        if (failure instanceof io.customer360.common.api.ProblemException problem) {
            return problem.problem().detail();
        }
        return failure.getClass().getName();
    }
}
