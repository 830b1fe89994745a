package io.customer360.aggregator.service.provider;

import io.customer360.aggregator.config.AggregatorConfig;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * Runs providers in parallel, each under its own time budget. A provider that fails or answers late yields an
 * outcome that says so; the fan-out itself never fails.
 */
@ApplicationScoped
public class ContextFanOut {

    private final AggregatorConfig config;
    private final ProviderStats stats;

    ContextFanOut(AggregatorConfig config, ProviderStats stats) {
        this.config = config;
        this.stats = stats;
    }

    public Uni<ProviderResults> run(String customerId, List<ContextProvider> providers) {
        if (providers.isEmpty()) {
            return Uni.createFrom().item(new ProviderResults(List.of()));
        }
        List<Uni<ProviderOutcome>> calls = providers.stream().map(provider -> call(provider, customerId)).toList();
        return Uni.join().all(calls).andCollectFailures().map(ProviderResults::new);
    }

    private Uni<ProviderOutcome> call(ContextProvider provider, String customerId) {
        Duration budget = config.providers().budgetOf(provider.name());
        long[] started = new long[1];
        return Uni.createFrom().deferred(() -> {
                    started[0] = System.nanoTime();
                    return provider.fetch(customerId);
                })
                .ifNoItem().after(budget).failWith(TimeoutException::new)
                .map(data -> data == null
                        ? outcome(provider, ProviderOutcome.Status.NOT_FOUND, null, started[0], "the source does not know this customer")
                        : outcome(provider, ProviderOutcome.Status.OK, data, started[0], null))
                .onFailure(TimeoutException.class).recoverWithItem(() -> outcome(provider, ProviderOutcome.Status.TIMED_OUT, null,
                        started[0], "no answer within its " + budget.toMillis() + " ms budget"))
                .onFailure(ContextFanOut::withheld).recoverWithItem(failure -> outcome(provider,
                        ProviderOutcome.Status.WITHHELD, null, started[0], reason(failure)))
                .onFailure().recoverWithItem(failure -> outcome(provider, ProviderOutcome.Status.FAILED, null, started[0],
                        reason(failure)))
                .invoke(stats::record);
    }

    /** The source refused the record to this caller (a 403 problem): a visibility rule, not a failure. */
    private static boolean withheld(Throwable failure) {
        return failure instanceof io.customer360.common.api.ProblemException problem
                && problem.problem().status() == io.customer360.common.api.ProblemType.FORBIDDEN.status();
    }

    private static ProviderOutcome outcome(ContextProvider provider, ProviderOutcome.Status status,
            com.fasterxml.jackson.databind.JsonNode data, long startedNanos, String reason) {
        return new ProviderOutcome(provider.name(), provider.source(), status, data,
                Duration.ofNanos(System.nanoTime() - startedNanos), reason);
    }

    /** The problem's detail when the client turned the failure into one; never a stack trace or upstream body. */
    private static String reason(Throwable failure) {
        if (failure instanceof io.customer360.common.api.ProblemException problem) {
            return problem.problem().detail();
        }
        // the reason is part of the 360 answer: the exception stays in the log
        Log.warnf("Context provider failed: %s", failure.toString());
        return "the provider failed";
    }
}
