package io.customer360.enrichment.client.provider;

import io.customer360.enrichment.domain.DataType;
import io.customer360.enrichment.domain.LookupSubject;
import io.customer360.enrichment.service.provider.GuardedProvider;
import io.smallrye.mutiny.Uni;

/** One external provider's API, as a single lookup. Resilience is added around it by {@link GuardedProvider}. */
public interface EnrichmentProvider {

    /** The configuration name, e.g. {@code people-data-labs}. */
    String name();

    /** The data type whose waterfall it belongs to (person providers also report social profiles). */
    DataType dataType();

    /** Whether the subject carries the inputs this provider needs. */
    boolean canLookUp(LookupSubject subject);

    /** One call; fails with {@link ProviderCallFailed}. A "no match" answer is a success without fields. */
    Uni<ProviderAnswer> lookUp(LookupSubject subject, String apiKey);
}
