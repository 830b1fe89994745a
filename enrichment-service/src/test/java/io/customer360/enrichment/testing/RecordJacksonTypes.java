package io.customer360.enrichment.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.customer360.common.testing.nativeimage.JacksonTypeRecorder;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/** In tests, the service's ObjectMapper writes down the application classes it handles, for NativeReflectionTest. */
@Singleton
public class RecordJacksonTypes implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        JacksonTypeRecorder.install(mapper);
    }
}
