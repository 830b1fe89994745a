package io.customer360.ingest.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.customer360.ingest.config.IngestConfig;
import io.customer360.ingest.domain.FieldError;
import io.customer360.ingest.domain.RejectReason;
import io.customer360.ingest.domain.TrackingPlan;
import io.customer360.ingest.domain.UnplannedPolicy;
import io.customer360.ingest.store.TrackingPlanStore;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks an event's {@code data} against its tenant's tracking plan. Plans are compiled once and cached per tenant
 * for a few seconds, so intake costs no database round trip per event; a plan saved on another replica is seen
 * within {@link #REFRESH}.
 */
@ApplicationScoped
public class TrackingPlanGate {

    static final Duration REFRESH = Duration.ofSeconds(5);
    private static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

    private final TrackingPlanStore store;
    private final UnplannedPolicy defaultPolicy;
    private final Map<String, TenantPlans> cache = new ConcurrentHashMap<>();

    TrackingPlanGate(TrackingPlanStore store, IngestConfig config) {
        this.store = store;
        this.defaultPolicy = UnplannedPolicy.fromWire(config.unplannedEventTypes());
    }

    /** The compiled plans of one tenant and its policy for event types without one. */
    private record TenantPlans(Map<String, JsonSchema> schemas, UnplannedPolicy policy, Instant loadedAt) {
    }

    /** Compiles a schema, or explains why it cannot be used (used by the API before a plan is saved). */
    public static JsonSchema compile(JsonNode schema) {
        return SCHEMAS.getSchema(schema);
    }

    public Uni<List<FieldError>> check(String tenant, String eventType, JsonNode data) {
        return plans(tenant).map(plans -> {
            JsonSchema schema = plans.schemas().get(eventType);
            if (schema == null) {
                return plans.policy() == UnplannedPolicy.QUARANTINE
                        ? List.of(new FieldError("event_type", "'" + eventType + "' has no tracking plan", RejectReason.UNPLANNED_EVENT_TYPE))
                        : List.of();
            }
            List<FieldError> errors = new ArrayList<>();
            schema.validate(data).stream()
                    .sorted(Comparator.comparing(ValidationMessage::getMessage))
                    .forEach(message -> errors.add(new FieldError(dataPath(message), message.getMessage(), RejectReason.SCHEMA_VIOLATION)));
            return errors;
        });
    }

    /** Forgets the tenant's cached plans, after a change through this replica's API. */
    public void invalidate(String tenant) {
        cache.remove(tenant);
    }

    private Uni<TenantPlans> plans(String tenant) {
        TenantPlans cached = cache.get(tenant);
        if (cached != null && cached.loadedAt().plus(REFRESH).isAfter(Instant.now())) {
            return Uni.createFrom().item(cached);
        }
        return store.list(tenant)
                .flatMap(plans -> store.unplannedPolicy(tenant).map(policy -> {
                    Map<String, JsonSchema> schemas = new HashMap<>();
                    for (TrackingPlan plan : plans) {
                        schemas.put(plan.eventType(), compile(plan.schema()));
                    }
                    TenantPlans loaded = new TenantPlans(schemas, policy == null ? defaultPolicy : policy, Instant.now());
                    cache.put(tenant, loaded);
                    return loaded;
                }));
    }

    private static String dataPath(ValidationMessage message) {
        String location = message.getInstanceLocation() == null ? "$" : message.getInstanceLocation().toString();
        return "data" + (location.startsWith("$") ? location.substring(1) : "." + location);
    }
}
