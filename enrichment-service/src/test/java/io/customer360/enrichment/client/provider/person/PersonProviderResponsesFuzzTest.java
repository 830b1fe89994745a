package io.customer360.enrichment.client.provider.person;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import io.customer360.enrichment.client.provider.ProviderAnswer;
import io.customer360.enrichment.client.provider.ProviderAnswerChecks;
import java.util.List;
import java.util.function.Function;

/**
 * Whatever People Data Labs, Hunter or Clearbit answer (garbled, hostile, huge), enrichment ends with checked values
 * or a handled failure. The first byte picks the mapping, the rest is the response body.
 */
class PersonProviderResponsesFuzzTest {

    private static final List<Function<JsonNode, ProviderAnswer>> MAPPINGS = List.of(
            PeopleDataLabs::toAnswer, Hunter::verification, Hunter::found, body -> Clearbit.toAnswer(body, 0.9));

    @FuzzTest(maxDuration = "15s")
    void aPersonAnswerIsCheckedOrAHandledFailure(byte[] input) {
        ProviderAnswerChecks.assertHandled(input, MAPPINGS);
    }
}
