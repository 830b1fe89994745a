package io.customer360.enrichment.service.waterfall;

import io.customer360.common.contract.enrichment.ProviderFailure;
import io.customer360.enrichment.client.provider.ProviderAnswer;
import io.customer360.enrichment.config.EnrichmentConfig;
import io.customer360.enrichment.domain.DataType;
import io.customer360.enrichment.domain.FoundField;
import io.customer360.enrichment.domain.LookupSubject;
import io.customer360.enrichment.service.provider.GuardedProvider;
import io.customer360.enrichment.service.provider.ProviderRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs the data types' waterfalls in parallel. Within one data type, providers are asked in the configured order;
 * the first value of a field wins and later providers only fill the gaps, until every wanted field is known or the
 * providers run out. A failing provider is recorded with its reason and the next one is asked; when the budget runs
 * out, whatever succeeded so far is the result.
 */
@ApplicationScoped
public class Waterfall {

    /** The fields whose absence makes the waterfall ask the next provider. */
    static final Map<DataType, Set<String>> WANTED = Map.of(
            DataType.PERSON, Set.of("fullName", "jobTitle", "company"),
            DataType.BUSINESS, Set.of("rating", "registrationNumber"),
            DataType.PROPERTY, Set.of("address", "yearBuilt", "marketValue"));

    private final ProviderRegistry providers;
    private final Duration budget;

    Waterfall(ProviderRegistry providers, EnrichmentConfig config) {
        this.providers = providers;
        this.budget = config.waterfall().budget();
    }

    /** The merged result of every waterfall of {@code types} (social comes with person, when asked for). */
    public Uni<WaterfallResult> run(Collection<DataType> types, LookupSubject subject) {
        List<Uni<WaterfallResult>> runs = types.stream()
                .filter(type -> type != DataType.SOCIAL)
                .map(type -> runOne(type, subject))
                .toList();
        if (runs.isEmpty()) {
            return Uni.createFrom().item(new WaterfallResult(List.of(), List.of(), Map.of()));
        }
        return Uni.join().all(runs).andFailFast().map(results -> merge(results, types));
    }

    private Uni<WaterfallResult> runOne(DataType type, LookupSubject subject) {
        Accumulator accumulator = new Accumulator(type);
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (GuardedProvider provider : providers.waterfall(type)) {
            chain = chain.flatMap(ignored ->
                    accumulator.complete() ? Uni.createFrom().voidItem() : ask(provider, subject, accumulator));
        }
        return chain.ifNoItem()
                .after(budget)
                .recoverWithItem(() -> {
                    accumulator.failed(type, "waterfall", "budget of " + budget.toMillis() + " ms exceeded");
                    return null;
                })
                .map(ignored -> accumulator.result());
    }

    private Uni<Void> ask(GuardedProvider provider, LookupSubject subject, Accumulator accumulator) {
        if (!provider.enabled()) {
            accumulator.failed(provider.dataType(), provider.name(), "disabled: no API key configured");
            return Uni.createFrom().voidItem();
        }
        if (!provider.canLookUp(subject)) {
            accumulator.failed(provider.dataType(), provider.name(), "skipped: the customer lacks its inputs");
            return Uni.createFrom().voidItem();
        }
        long start = System.nanoTime();
        return provider.lookUp(subject)
                .invoke(answer -> accumulator.add(provider, answer))
                .onFailure()
                .invoke(failure -> {
                    // the provider, why and how long it took (retries included); never the subject, a URL or a body
                    Log.warnf(
                            "Enrichment provider %s failed after %d ms: %s",
                            provider.name(), (System.nanoTime() - start) / 1_000_000, reason(failure));
                    accumulator.failed(provider.dataType(), provider.name(), reason(failure));
                })
                .onFailure()
                .recoverWithNull()
                .replaceWithVoid();
    }

    private static String reason(Throwable failure) {
        String type = failure.getClass().getSimpleName();
        return switch (type) {
            case "CircuitBreakerOpenException" -> "circuit breaker open";
            case "BulkheadException" -> "too many calls in flight";
            case "RateLimitException" -> "rate limit reached";
            case "TimeoutException" -> "timed out";
            // a provider's own reason never holds its URL, a header or its body; anything else is a bug, named in the
            // log only (a reason is shown to callers)
            default ->
                failure instanceof io.customer360.enrichment.client.provider.ProviderCallFailed
                        ? failure.getMessage()
                        : "failed unexpectedly";
        };
    }

    private static WaterfallResult merge(List<WaterfallResult> results, Collection<DataType> types) {
        List<SourcedField> fields = new ArrayList<>();
        List<ProviderFailure> failures = new ArrayList<>();
        Map<String, BigDecimal> costs = new LinkedHashMap<>();
        for (WaterfallResult result : results) {
            result.fields().stream()
                    .filter(field -> types.contains(field.found().dataType()))
                    .forEach(fields::add);
            failures.addAll(result.failures());
            result.costs().forEach((provider, cost) -> costs.merge(provider, cost, BigDecimal::add));
        }
        return new WaterfallResult(List.copyOf(fields), List.copyOf(failures), costs);
    }

    /** One waterfall's state; providers run one after another, so no two threads touch it at once. */
    private static final class Accumulator {
        private final DataType type;
        private final Map<String, SourcedField> fields = new LinkedHashMap<>();
        private final List<ProviderFailure> failures = new ArrayList<>();
        private final Map<String, BigDecimal> costs = new LinkedHashMap<>();

        Accumulator(DataType type) {
            this.type = type;
        }

        synchronized void add(GuardedProvider provider, ProviderAnswer answer) {
            if (answer.queued()) {
                failures.add(new ProviderFailure(
                        type.wireName(), provider.name(), "lookup queued by the provider: no data yet"));
                return;
            }
            if (!answer.matched()) {
                failures.add(new ProviderFailure(type.wireName(), provider.name(), "no match"));
                return;
            }
            costs.merge(provider.name(), provider.cost(), BigDecimal::add);
            for (FoundField found : answer.fields()) {
                fields.putIfAbsent(
                        found.dataType().wireName() + "." + found.field(),
                        new SourcedField(found, provider.name(), answer.confidence(), provider.cost()));
            }
        }

        synchronized void failed(DataType dataType, String provider, String reason) {
            failures.add(new ProviderFailure(dataType.wireName(), provider, reason));
        }

        synchronized boolean complete() {
            return WANTED.get(type).stream().allMatch(field -> fields.containsKey(type.wireName() + "." + field));
        }

        synchronized WaterfallResult result() {
            return new WaterfallResult(List.copyOf(fields.values()), List.copyOf(failures), Map.copyOf(costs));
        }
    }
}
