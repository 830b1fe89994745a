package io.customer360.aggregator.api.nats;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.customer360.aggregator.config.AggregatorConfig;
import io.customer360.aggregator.service.trigger.ChangeTriggerRules;
import io.customer360.aggregator.service.trigger.SkillTriggers;
import io.customer360.common.nats.DurableConsumer;
import io.customer360.common.nats.NatsClient;
import io.customer360.common.nats.RefusedMessages;
import io.customer360.common.nats.Topology;
import io.nats.client.JetStreamApiException;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.io.IOException;

/**
 * Fires the skills each {@code profile.changed} triggers ({@link ChangeTriggerRules}), through durable
 * {@code aggregator-skill-triggers}; a message is acked once its triggers are stored.
 */
@ApplicationScoped
public class ChangeTriggers {

    private final NatsClient nats;
    private final ObjectMapper mapper;
    private final RefusedMessages refused;
    private final SkillTriggers triggers;
    private final AggregatorConfig config;
    private DurableConsumer consumer;

    ChangeTriggers(
            NatsClient nats,
            ObjectMapper mapper,
            RefusedMessages refused,
            SkillTriggers triggers,
            AggregatorConfig config) {
        this.nats = nats;
        this.mapper = mapper;
        this.refused = refused;
        this.triggers = triggers;
        this.config = config;
    }

    void start(@Observes @Priority(Interceptor.Priority.APPLICATION + 600) StartupEvent ignored)
            throws IOException, JetStreamApiException {
        consumer = ProfileChanges.consume(
                nats,
                mapper,
                refused,
                Topology.AGGREGATOR_SKILL_TRIGGERS,
                (tenant, customerId, change) ->
                        triggers.fire(ChangeTriggerRules.triggers(tenant, customerId, change, config.triggers())));
    }

    void stop(@Observes ShutdownEvent ignored) {
        if (consumer != null) {
            consumer.close();
        }
    }
}
