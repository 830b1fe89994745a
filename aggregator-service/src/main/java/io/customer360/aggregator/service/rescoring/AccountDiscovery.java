package io.customer360.aggregator.service.rescoring;

import io.customer360.aggregator.client.BackgroundCalls;
import io.customer360.aggregator.client.ProfileClient;
import io.customer360.aggregator.client.ServiceToken;
import io.customer360.aggregator.config.RescoringConfig;
import io.customer360.aggregator.store.RescoringDiscovery;
import io.customer360.aggregator.store.RescoringQueue;
import io.customer360.common.api.CustomerIds;
import io.customer360.common.api.Page;
import io.customer360.common.contract.profile.CustomerSummary;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Account discovery, the first step of a rescoring run: the accounts that neither a {@code profile.changed} nor the
 * stale sweep reaches (never viewed, not changed since the aggregator was deployed) are found in profile-service's
 * customer list, read under the aggregator's own identity, and marked due ({@code discovered}) when the aggregator
 * keeps no state and no due row for them. At most once per {@code aggregator.rescoring.discover-every} a tenant's pass
 * starts; a run reads at most {@code discover-pages-per-run} pages of it and keeps the cursor
 * ({@link RescoringDiscovery}), from which the next run goes on. Runs under the run's lock; never fails the run.
 */
@Startup // its counter exists from the start, before the first run
@ApplicationScoped
public class AccountDiscovery {

    private final RescoringConfig config;
    private final RescoringDiscovery passes;
    private final RescoringQueue queue;
    private final ProfileClient profile;
    private final ServiceToken serviceToken;
    private final BackgroundCalls backgroundCalls;
    private final Counter discovered;

    AccountDiscovery(
            RescoringConfig config,
            RescoringDiscovery passes,
            RescoringQueue queue,
            ProfileClient profile,
            ServiceToken serviceToken,
            BackgroundCalls backgroundCalls,
            MeterRegistry registry) {
        this.config = config;
        this.passes = passes;
        this.queue = queue;
        this.profile = profile;
        this.serviceToken = serviceToken;
        this.backgroundCalls = backgroundCalls;
        this.discovered = Counter.builder("c360.rescoring.discovered")
                .description("Accounts account discovery found without a state and marked due")
                .register(registry);
    }

    /** Discovers for each of {@code tenants} in turn; answers how many accounts it marked due. */
    public Uni<Integer> discover(List<String> tenants) {
        return Multi.createFrom()
                .iterable(tenants)
                .onItem()
                .transformToUniAndConcatenate(this::discover)
                .collect()
                .with(Collectors.summingInt(Integer::intValue));
    }

    /** Goes on with the tenant's pass, if one is due or in progress; a failure stops it where it stands until the next run. */
    private Uni<Integer> discover(String tenant) {
        AtomicInteger marked = new AtomicInteger();
        return passes.current(tenant, config.discoverEvery())
                .chain(pass -> pass.finished()
                        ? Uni.createFrom().voidItem()
                        : serviceToken
                                .accessToken()
                                .chain(token -> pages(
                                        tenant,
                                        token,
                                        pass.nextCursor(),
                                        Math.max(1, config.discoverPagesPerRun()),
                                        marked)))
                .replaceWith(marked::get)
                .onFailure()
                .recoverWithUni(failure -> {
                    Log.warnf(
                            "Account discovery of tenant %s stopped (it goes on from its cursor next run): %s",
                            tenant, describe(failure));
                    return refusedCursor(failure)
                            ? passes.restart(tenant)
                                    .onFailure()
                                    .recoverWithNull()
                                    .replaceWith(marked::get)
                            : Uni.createFrom().item(marked::get);
                })
                .invoke(count -> {
                    if (count > 0) {
                        Log.infof("Account discovery of tenant %s marked %d accounts due", tenant, count);
                    }
                });
    }

    /** Reads up to {@code left} pages from {@code cursor}, marking each page's unknown accounts and keeping the cursor. */
    private Uni<Void> pages(String tenant, String token, String cursor, int left, AtomicInteger marked) {
        if (left == 0) {
            return Uni.createFrom().voidItem();
        }
        return backgroundCalls
                .as(tenant, token, () -> profile.customers(config.discoverPageSize(), cursor))
                .onFailure()
                .transform(failure -> cursor != null && status(failure) == 400 ? new RefusedCursor(failure) : failure)
                .chain(page -> queue.markDiscovered(tenant, ids(page))
                        .invoke(count -> {
                            marked.addAndGet(count);
                            discovered.increment(count);
                        })
                        .chain(() -> passes.advance(tenant, page.nextCursor()))
                        .chain(() -> page.nextCursor() == null
                                ? Uni.createFrom().voidItem()
                                : pages(tenant, token, page.nextCursor(), left - 1, marked)));
    }

    private static List<String> ids(Page<CustomerSummary> page) {
        return page.items() == null
                ? List.of()
                : page.items().stream()
                        .map(CustomerSummary::id)
                        .filter(CustomerIds::isValid)
                        .toList();
    }

    private static boolean refusedCursor(Throwable failure) {
        return failure instanceof RefusedCursor;
    }

    private static int status(Throwable failure) {
        return failure instanceof WebApplicationException web && web.getResponse() != null
                ? web.getResponse().getStatus()
                : 0;
    }

    /** What went wrong, without the request (its cursor names a customer) or an answer's body. */
    private static String describe(Throwable failure) {
        Throwable cause = failure instanceof RefusedCursor ? failure.getCause() : failure;
        int status = status(cause);
        return status != 0 ? "profile-service answered " + status : cause.toString();
    }

    /** profile-service refused the stored cursor (400): the pass starts over from the first page. */
    private static final class RefusedCursor extends RuntimeException {

        RefusedCursor(Throwable cause) {
            super("profile-service refused the discovery cursor", cause, false, false);
        }
    }
}
