package io.customer360.aggregator.service.view;

import io.customer360.aggregator.client.ProfileClient;
import io.customer360.aggregator.client.ProfileReads;
import io.customer360.aggregator.config.AggregatorConfig;
import io.customer360.aggregator.service.provider.ContextFanOut;
import io.customer360.aggregator.service.provider.ContextProvider;
import io.customer360.aggregator.service.provider.ProviderRegistry;
import io.customer360.aggregator.service.provider.ProviderResults;
import io.customer360.aggregator.store.AccountStates;
import io.customer360.common.api.ProblemException;
import io.customer360.common.api.ProblemType;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Runs an agent's context providers for one customer while loading what earlier views left (for an agent that assesses
 * health), then builds the view in full, before any visibility rule: for a viewer's request and for background
 * rescoring alike. A customer some source does not know is a 404 problem; one profile-service does not know (for the
 * caller's tenant) is answered so before any provider runs, from the one call that reads the customer and every part
 * of profile-service's sections the agent's providers read (the providers then share it, {@link ProfileReads}).
 */
@ApplicationScoped
public class ViewAssembler {

    /** The provider whose budget bounds the existence check: it reads the profile that the check reads. */
    static final String PROFILE_PROVIDER = "customer_intelligence";

    private final ProviderRegistry registry;
    private final ContextFanOut fanOut;
    private final ViewBuilder builder;
    private final AccountStates states;
    private final ProfileClient profiles;
    private final Duration existenceBudget;

    ViewAssembler(
            ProviderRegistry registry,
            ContextFanOut fanOut,
            ViewBuilder builder,
            AccountStates states,
            ProfileClient profiles,
            AggregatorConfig config) {
        this.registry = registry;
        this.fanOut = fanOut;
        this.builder = builder;
        this.states = states;
        this.profiles = profiles;
        this.existenceBudget = config.providers().budgetOf(PROFILE_PROVIDER);
    }

    /**
     * The 404 of a customer profile-service does not know for the caller's tenant, told apart from a 404 of another
     * source so that only this one is remembered ({@code ViewCache.putAbsent}).
     */
    public static final class UnknownCustomer extends ProblemException {

        UnknownCustomer(String customerId) {
            super(ProblemType.NOT_FOUND, "Customer '" + customerId + "' was not found");
        }
    }

    /** The build and the providers' answers it came from. */
    public record Assembled(ViewBuilder.Built built, ProviderResults results) {}

    public Uni<Assembled> assemble(String tenant, String customerId, String agent, String focus, Instant now) {
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        List<ContextProvider> providers = registry.fetchers(agent);
        ProfileReads profile = profiles.reads(customerId, profileParts(providers));
        return known(profile).chain(known -> {
            if (!known) {
                // nothing else is asked: no provider, no enrichment, no stored state
                return Uni.createFrom().failure(new UnknownCustomer(customerId));
            }
            Uni<AccountStates.Prior> prior = registry.assessesHealth(agent)
                    ? states.load(tenant, customerId, today)
                    : Uni.createFrom().item(AccountStates.Prior.NONE);
            return Uni.combine()
                    .all()
                    .unis(fanOut.run(tenant, profile, providers), prior)
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
                                        builder.build(customerId, agent, focus, results, both.getItem2(), now),
                                        results));
                    });
        });
    }

    /** What the providers read of profile-service's sections: read with the customer, in one call. */
    private static Set<String> profileParts(List<ContextProvider> providers) {
        Set<String> parts = new HashSet<>();
        providers.forEach(provider -> parts.addAll(provider.profileParts()));
        return parts;
    }

    /**
     * False only when profile-service answered that it does not know the customer; a failure or an answer later than
     * the profile provider's budget leaves it to the providers, which report it as they would have.
     */
    private Uni<Boolean> known(ProfileReads profile) {
        return profile.customer()
                .map(Objects::nonNull)
                .ifNoItem()
                .after(existenceBudget)
                .recoverWithItem(true)
                .onFailure()
                .recoverWithItem(true);
    }
}
