package io.customer360.enrichment.client.provider.property;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.customer360.enrichment.client.provider.ProviderAnswerChecks;
import java.util.List;

/**
 * Whatever ATTOM answers (garbled, hostile, huge), enrichment ends with checked values or a handled failure. The
 * first byte is the one the shared check uses to pick a mapping (ATTOM has one), the rest is the response body.
 */
class AttomResponsesFuzzTest {

    @FuzzTest(maxDuration = "15s")
    void aPropertyAnswerIsCheckedOrAHandledFailure(byte[] input) {
        ProviderAnswerChecks.assertHandled(input, List.of(body -> Attom.toAnswer(body, 0.8)));
    }
}
