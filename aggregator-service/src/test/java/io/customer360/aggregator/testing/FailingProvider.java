package io.customer360.aggregator.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.customer360.aggregator.service.provider.ContextProvider;
import io.quarkus.arc.properties.IfBuildProperty;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** A provider that always fails, present only in tests that switch it on (test.failing-provider=true). */
@ApplicationScoped
@IfBuildProperty(name = "test.failing-provider", stringValue = "true")
public class FailingProvider implements ContextProvider {

    @Override
    public String name() {
        return "failing_test_provider";
    }

    @Override
    public String source() {
        return "test";
    }

    @Override
    public Uni<JsonNode> fetch(String customerId) {
        return Uni.createFrom().failure(new IllegalStateException("the test provider always fails"));
    }
}
