package io.customer360.enrichment.client.provider;

import com.fasterxml.jackson.databind.JsonNode;
import io.customer360.enrichment.config.EnrichmentConfig;
import io.customer360.enrichment.domain.DataType;
import io.customer360.enrichment.domain.LookupSubject;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.core.Response;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * What every provider shares: its configuration name, its data type, the inputs it needs from a subject, its REST
 * client ({@code A}), its settings, and turning its HTTP call into an answer through {@link ProviderResponses}
 * (statuses, size limit, JSON check). A provider adds only its request and the mapping of its documented response.
 */
public abstract class JsonApiProvider<A> implements EnrichmentProvider {

    private final String name;
    private final DataType dataType;
    private final Predicate<LookupSubject> inputs;
    private final A api;
    private final EnrichmentConfig.Provider settings;

    /** {@code inputs} says whether a subject carries what the provider asks by ({@link #canLookUp}). */
    protected JsonApiProvider(
            String name, DataType dataType, Predicate<LookupSubject> inputs, A api, EnrichmentConfig config) {
        this.name = name;
        this.dataType = dataType;
        this.inputs = inputs;
        this.api = api;
        this.settings = config.providers().get(name);
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final DataType dataType() {
        return dataType;
    }

    @Override
    public final boolean canLookUp(LookupSubject subject) {
        return inputs.test(subject);
    }

    /** The provider's REST client. */
    protected final A api() {
        return api;
    }

    /** The confidence given to the answers of a provider that publishes no score of its own. */
    protected final double defaultConfidence() {
        return settings.defaultConfidence();
    }

    /** The call's body mapped by {@code mapping}, or the failure {@link ProviderResponses} makes of it. */
    protected final Uni<ProviderAnswer> answer(Uni<String> call, Function<JsonNode, ProviderAnswer> mapping) {
        return ProviderResponses.answer(name, call, settings.maxResponseBytes(), mapping);
    }

    /**
     * As {@link #answer}, for an API that answers 202 while a lookup is queued: {@link ProviderAnswer#queuedLookup()}.
     */
    protected final Uni<ProviderAnswer> answerUnlessQueued(
            Uni<Response> call, Function<JsonNode, ProviderAnswer> mapping) {
        return ProviderResponses.answerUnlessQueued(name, call, settings.maxResponseBytes(), mapping);
    }
}
