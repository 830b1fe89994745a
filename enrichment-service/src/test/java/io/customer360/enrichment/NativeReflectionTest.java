package io.customer360.enrichment;

import io.customer360.common.testing.nativeimage.NativeReflectionCheck;
import io.customer360.enrichment.api.EnrichRequest;
import org.junit.jupiter.api.Test;

/**
 * Every class of this service (or of common) that its ObjectMapper handled during the @QuarkusTests before this
 * plain test (Quarkus runs plain JUnit tests after them) is registered for reflection in a native build. See
 * docs/native.md.
 */
class NativeReflectionTest {

    @Test
    void everyClassJacksonHandledIsRegisteredForReflection() {
        NativeReflectionCheck.assertRecordedTypesRegistered(EnrichRequest.class);
    }
}
