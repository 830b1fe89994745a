package io.customer360.aggregator.service.view;

import io.customer360.aggregator.service.provider.ContextFanOut;
import io.customer360.aggregator.service.provider.ProviderRegistry;
import io.customer360.aggregator.service.provider.ProviderResults;
import io.customer360.aggregator.store.AccountStates;
import io.customer360.common.api.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * Runs an agent's context providers for one customer while loading what earlier views left (for an agent that assesses
 * health), then builds the view in full, before any visibility rule: for a viewer's request and for background
 * rescoring alike. A customer some source does not know is a 404 problem.
 */
@ApplicationScoped
public class ViewAssembler {

    private final ProviderRegistry registry;
    private final ContextFanOut fanOut;
    private final ViewBuilder builder;
    private final AccountStates states;

    ViewAssembler(ProviderRegistry registry, ContextFanOut fanOut, ViewBuilder builder, AccountStates states) {
        this.registry = registry;
        this.fanOut = fanOut;
        this.builder = builder;
        this.states = states;
    }

    /** The build and the providers' answers it came from. */
    public record Assembled(ViewBuilder.Built built, ProviderResults results) {}

    public Uni<Assembled> assemble(String tenant, String customerId, String agent, String focus, Instant now) {
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        Uni<AccountStates.Prior> prior = registry.assessesHealth(agent)
                ? states.load(tenant, customerId, today)
                : Uni.createFrom().item(AccountStates.Prior.NONE);
        return Uni.combine()
                .all()
                .unis(fanOut.run(tenant, customerId, registry.fetchers(agent)), prior)
                .asTuple()
                .chain(both -> {
                    ProviderResults results = both.getItem1();
                    if (results.anyNotFound()) {
                        return Uni.createFrom().failure(ProblemException.notFound("Customer", customerId));
                    }
                    // profile-service down (no profile provider answered) is still a view: every section it feeds
                    // is marked unavailable with the reason, and nothing is scored or recorded from it
                    return Uni.createFrom()
                            .item(new Assembled(
                                    builder.build(customerId, agent, focus, results, both.getItem2(), now), results));
                });
    }
}
