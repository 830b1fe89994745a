package io.customer360.profile.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How profile-service consumes normalized events. */
@ConfigMapping(prefix = "profile")
public interface ProfileConfig {

    Events events();

    interface Events {
        /** Events pulled per request, and the most events applied in one transaction. */
        @WithDefault("500")
        int batchSize();

        /** Batches applied at once by one replica. */
        @WithDefault("2")
        int concurrentBatches();

        /** How long the first event of a batch waits for others before its batch is applied anyway. */
        @WithDefault("5ms")
        Duration linger();

        /** After this many failed deliveries an event is parked (stored aside with its error) (backoff 0.5 s doubling to 30 s: about 7 minutes of outage) instead of retried. */
        @WithDefault("20")
        int maxDeliveries();

        /**
         * How many deliveries an identity stitch waits for its anonymous profile when it does not exist yet (its events
         * travel in other batches; backoff 0.5 s doubling: about 7 s for 5) before concluding there is nothing to merge.
         */
        @WithDefault("5")
        int stitchWaits();
    }
}
