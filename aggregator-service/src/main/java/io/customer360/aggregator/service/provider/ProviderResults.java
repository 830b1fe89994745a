package io.customer360.aggregator.service.provider;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The outcomes of one fan-out, by provider name. */
public final class ProviderResults {

    private final Map<String, ProviderOutcome> outcomes = new LinkedHashMap<>();

    public ProviderResults(List<ProviderOutcome> outcomes) {
        outcomes.forEach(outcome -> this.outcomes.put(outcome.provider(), outcome));
    }

    /** The provider's data, or null when it was not asked, failed, timed out or had nothing. */
    public Object data(String provider) {
        ProviderOutcome outcome = outcomes.get(provider);
        return outcome == null || !outcome.ok() ? null : outcome.data();
    }

    /** The provider's data as the {@code type} it answers, or null when it was not asked, failed, timed out or had nothing. */
    public <T> T data(String provider, Class<T> type) {
        return type.cast(data(provider));
    }

    /** The same outcomes, with {@code provider}'s data replaced (by reconciled values, for example). */
    public ProviderResults withData(String provider, Object data) {
        return new ProviderResults(outcomes.values().stream()
                .map(outcome -> outcome.provider().equals(provider)
                        ? new ProviderOutcome(
                                outcome.provider(),
                                outcome.source(),
                                outcome.status(),
                                data,
                                outcome.latency(),
                                outcome.reason())
                        : outcome)
                .toList());
    }

    public ProviderOutcome outcome(String provider) {
        return outcomes.get(provider);
    }

    public boolean requested(String provider) {
        return outcomes.containsKey(provider);
    }

    public Map<String, ProviderOutcome> all() {
        return outcomes;
    }

    /** Some provider backed by {@code source} answered with data: that source knows the customer. */
    public boolean anyDataFrom(String source) {
        return outcomes.values().stream().anyMatch(o -> o.ok() && o.source().equals(source));
    }

    /** A source answered that the customer does not exist (for the caller's tenant). */
    public boolean anyNotFound() {
        return outcomes.values().stream().anyMatch(o -> o.status() == ProviderOutcome.Status.NOT_FOUND);
    }
}
