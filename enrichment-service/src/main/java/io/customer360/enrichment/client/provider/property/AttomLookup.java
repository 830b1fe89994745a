package io.customer360.enrichment.client.provider.property;

import com.fasterxml.jackson.databind.JsonNode;
import io.customer360.enrichment.client.provider.JsonApiProvider;
import io.customer360.enrichment.client.provider.ProviderAnswer;
import io.customer360.enrichment.config.EnrichmentConfig;
import io.customer360.enrichment.domain.DataType;
import io.customer360.enrichment.domain.LookupSubject;
import io.smallrye.mutiny.Uni;

/**
 * What ATTOM's lookups share: one of its detail endpoints asked by the address the caller gave ({@code address1},
 * {@code address2}, the key in {@code apikey}), its "SuccessWithoutResult" taken as an empty answer
 * ({@link AttomStatus}), the body mapped by the endpoint's own mapping.
 */
abstract class AttomLookup extends JsonApiProvider<AttomLookup.Detail> {

    /** An ATTOM detail endpoint (its REST client's {@code detail}). */
    @FunctionalInterface
    interface Detail {
        Uni<String> detail(String apiKey, String address1, String address2);
    }

    /** The answer a body holds, with the configured default confidence where ATTOM gives no score of its own. */
    @FunctionalInterface
    interface Mapping {
        ProviderAnswer toAnswer(JsonNode body, double defaultConfidence);
    }

    private final Mapping mapping;

    AttomLookup(String name, Detail api, Mapping mapping, EnrichmentConfig config) {
        super(name, DataType.PROPERTY, LookupSubject::hasAddress, api, config);
        this.mapping = mapping;
    }

    @Override
    public final Uni<ProviderAnswer> lookUp(LookupSubject subject, String apiKey) {
        return answer(
                AttomStatus.withoutResultAsEmpty(api().detail(apiKey, subject.addressLine1(), subject.addressLine2())),
                body -> mapping.toAnswer(body, defaultConfidence()));
    }
}
