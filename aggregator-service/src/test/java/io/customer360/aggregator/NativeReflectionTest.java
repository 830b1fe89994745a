package io.customer360.aggregator;

import io.customer360.aggregator.domain.Customer360;
import io.customer360.common.testing.nativeimage.NativeReflectionCheck;
import org.junit.jupiter.api.Test;

/**
 * Every class of this service (or of common) that its ObjectMapper handled during the @QuarkusTests before this
 * plain test (Quarkus runs plain JUnit tests after them) is registered for reflection in a native build. See
 * docs/native.md.
 */
class NativeReflectionTest {

    @Test
    void everyClassJacksonHandledIsRegisteredForReflection() {
        NativeReflectionCheck.assertRecordedTypesRegistered(Customer360.class);
    }
}
