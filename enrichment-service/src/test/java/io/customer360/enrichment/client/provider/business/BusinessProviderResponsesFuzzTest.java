package io.customer360.enrichment.client.provider.business;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import io.customer360.enrichment.client.provider.ProviderAnswer;
import io.customer360.enrichment.client.provider.ProviderAnswerChecks;
import java.util.List;
import java.util.function.Function;

/**
 * Whatever Google Places or OpenCorporates answer (garbled, hostile, huge), enrichment ends with checked values or a
 * handled failure. The first byte picks the mapping, the rest is the response body.
 */
class BusinessProviderResponsesFuzzTest {

    private static final List<Function<JsonNode, ProviderAnswer>> MAPPINGS =
            List.of(body -> GooglePlaces.toAnswer(body, 0.8), body -> OpenCorporates.toAnswer(body, 0.8));

    @FuzzTest(maxDuration = "15s")
    void aBusinessAnswerIsCheckedOrAHandledFailure(byte[] input) {
        ProviderAnswerChecks.assertHandled(input, MAPPINGS);
    }
}
