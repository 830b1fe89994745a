package io.customer360.aggregator.service.trigger;

import io.customer360.aggregator.config.AggregatorConfig;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;

/** The documented trigger settings (the mapping's defaults), for tests without a running application. */
final class TriggerDefaults {

    private TriggerDefaults() {}

    static AggregatorConfig.Triggers rules() {
        // Quarkus' duration syntax ("30s"), as the running application reads it
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(AggregatorConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter())
                .build();
        return config.getConfigMapping(AggregatorConfig.class).triggers();
    }
}
