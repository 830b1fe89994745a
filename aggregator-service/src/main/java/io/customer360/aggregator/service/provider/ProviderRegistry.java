package io.customer360.aggregator.service.provider;

import io.customer360.aggregator.config.AggregatorConfig;
import io.customer360.common.api.ProblemException;
import io.quarkus.arc.All;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The context providers by name, and which of them each agent type uses (the seed's {@code register} and
 * {@code configure_agent}). {@link #ACCOUNT_HEALTH} is not a bean: it aggregates the others after they answered.
 * Built at startup, so a provider name or budget that cannot work stops the service before it serves.
 */
@ApplicationScoped
@Startup
public class ProviderRegistry {

    public static final String ACCOUNT_HEALTH = "account_health";
    public static final String DEFAULT_AGENT = "assistant";

    private final Map<String, ContextProvider> providers = new LinkedHashMap<>();
    private final Map<String, List<String>> agents;

    ProviderRegistry(@All List<ContextProvider> beans, AggregatorConfig config) {
        beans.forEach(provider -> {
            if (providers.put(provider.name(), provider) != null) {
                throw new IllegalStateException("Two context providers are named " + provider.name());
            }
        });
        this.agents = config.agents();
        agents.forEach((agent, names) -> names.forEach(name -> {
            if (!providers.containsKey(name) && !ACCOUNT_HEALTH.equals(name)) {
                throw new IllegalStateException("Agent " + agent + " names an unknown context provider: " + name);
            }
        }));
        java.time.Duration shortest = java.time.Duration.ofMillis(1);
        if (config.providers().budget().compareTo(shortest) < 0
                || config.providers().budgets().values().stream().anyMatch(budget -> budget.compareTo(shortest) < 0)) {
            throw new IllegalStateException("A context provider's time budget must be at least 1 ms");
        }
        if (!agents.containsKey(DEFAULT_AGENT)) {
            throw new IllegalStateException("aggregator.agents." + DEFAULT_AGENT + " must be configured");
        }
    }

    /** The agent types callers may ask for. */
    public Set<String> agentTypes() {
        return new TreeSet<>(agents.keySet());
    }

    /** The agent type asked for, or the default; an unknown one is a 400 naming the allowed ones. */
    public String agent(String requested) {
        if (requested == null || requested.isBlank()) {
            return DEFAULT_AGENT;
        }
        if (!agents.containsKey(requested)) {
            throw ProblemException.invalid("agent", "must be one of " + agentTypes());
        }
        return requested;
    }

    /** The providers of an agent type that fetch data (account health excluded). */
    public List<ContextProvider> fetchers(String agent) {
        List<ContextProvider> selected = new ArrayList<>();
        agents.get(agent).forEach(name -> {
            if (!ACCOUNT_HEALTH.equals(name)) {
                selected.add(providers.get(name));
            }
        });
        return selected;
    }

    public boolean assessesHealth(String agent) {
        return agents.get(agent).contains(ACCOUNT_HEALTH);
    }

    public Map<String, ContextProvider> all() {
        return providers;
    }
}
