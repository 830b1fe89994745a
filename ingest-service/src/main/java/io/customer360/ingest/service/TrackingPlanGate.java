package io.customer360.ingest.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.ValidationMessage;
import io.customer360.ingest.config.IngestConfig;
import io.customer360.ingest.domain.FieldError;
import io.customer360.ingest.domain.RejectReason;
import io.customer360.ingest.domain.TrackingPlan;
import io.customer360.ingest.domain.UnplannedPolicy;
import io.customer360.ingest.store.TrackingPlanStore;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks an event's {@code data} against its tenant's tracking plan. Plans are compiled once and cached per tenant,
 * so intake costs no database round trip per event. Once {@link #REFRESH} old, the tenant's plans are reloaded by one
 * background load while events keep using the previous ones (no stampede of loads under traffic); a plan saved on
 * another replica is seen within about {@link #REFRESH}.
 */
@ApplicationScoped
public class TrackingPlanGate {

    static final Duration REFRESH = Duration.ofSeconds(5);

    private final TrackingPlanStore store;
    private final UnplannedPolicy defaultPolicy;
    private final boolean defaultAutoCreate;
    private final Map<String, TenantPlans> cache = new ConcurrentHashMap<>();
    /** The one load in progress per tenant, shared by everyone who needs it. */
    private final Map<String, Uni<TenantPlans>> loading = new ConcurrentHashMap<>();

    TrackingPlanGate(TrackingPlanStore store, IngestConfig config) {
        this.store = store;
        this.defaultPolicy = UnplannedPolicy.fromWire(config.unplannedEventTypes());
        this.defaultAutoCreate = config.autoCreateCustomer();
    }

    /**
     * The compiled plans of one tenant, the event types whose stored plan does not compile, its policy for event types
     * without a plan, and whether it auto-creates customers.
     */
    private record TenantPlans(
            Map<String, JsonSchema> schemas,
            Set<String> unusable,
            UnplannedPolicy policy,
            boolean autoCreate,
            Instant loadedAt) {}

    /** Compiles a schema offline ({@link PlanSchemas}), or explains why it cannot be used. */
    public static JsonSchema compile(JsonNode schema) {
        return PlanSchemas.compile(schema);
    }

    public Uni<List<FieldError>> check(String tenant, String eventType, JsonNode data) {
        return plans(tenant).map(plans -> check(plans, eventType, data));
    }

    /**
     * The same check without a {@link Uni} when the tenant's plans are in memory (the hot path of intake), else null.
     * A stale entry is used while one background load refreshes it.
     */
    public List<FieldError> checkCached(String tenant, String eventType, JsonNode data) {
        TenantPlans cached = cache.get(tenant);
        if (cached == null) {
            return null;
        }
        refreshIfStale(tenant, cached);
        return check(cached, eventType, data);
    }

    private static List<FieldError> check(TenantPlans plans, String eventType, JsonNode data) {
        if (plans.unusable().contains(eventType)) {
            // fail closed: an event is not let through unchecked because its plan cannot be used
            return List.of(new FieldError(
                    "data",
                    "the tracking plan of '" + eventType + "' cannot be used; fix the " + "plan, then replay",
                    RejectReason.SCHEMA_VIOLATION));
        }
        JsonSchema schema = plans.schemas().get(eventType);
        if (schema == null) {
            return plans.policy() == UnplannedPolicy.QUARANTINE
                    ? List.of(new FieldError(
                            "event_type",
                            "'" + eventType + "' has no tracking plan",
                            RejectReason.UNPLANNED_EVENT_TYPE))
                    : List.of();
        }
        return violations(schema, data);
    }

    /** What is wrong with {@code data} under a compiled plan, sorted, each naming its path under {@code data}. */
    public static List<FieldError> violations(JsonSchema schema, JsonNode data) {
        Set<ValidationMessage> messages;
        try {
            messages = schema.validate(data);
        } catch (StackOverflowError loop) {
            // the API refuses plans that loop on any event; one that loops only on some data still must not fail intake
            return List.of(new FieldError(
                    "data",
                    "the tracking plan loops through its $refs on this data; fix the plan, " + "then replay",
                    RejectReason.SCHEMA_VIOLATION));
        } catch (RuntimeException e) {
            // a reference resolved only on this data and refused (nothing is ever loaded): the plan's fault, not
            // intake's
            return List.of(new FieldError(
                    "data",
                    "the tracking plan cannot check this data; fix the plan, then replay",
                    RejectReason.SCHEMA_VIOLATION));
        }
        List<FieldError> errors = new ArrayList<>();
        messages.stream()
                .sorted(Comparator.comparing(ValidationMessage::getMessage))
                .forEach(message -> errors.add(
                        new FieldError(dataPath(message), message.getMessage(), RejectReason.SCHEMA_VIOLATION)));
        return errors;
    }

    /**
     * Whether the tenant's events may create customers. Called after {@link #check} or {@link #checkCached} loaded
     * the tenant's settings; the configured default until then.
     */
    public boolean autoCreate(String tenant) {
        TenantPlans cached = cache.get(tenant);
        return cached == null ? defaultAutoCreate : cached.autoCreate();
    }

    /** Forgets the tenant's cached plans, after a change through this replica's API. */
    public void invalidate(String tenant) {
        cache.remove(tenant);
    }

    private Uni<TenantPlans> plans(String tenant) {
        TenantPlans cached = cache.get(tenant);
        if (cached == null) {
            return load(tenant);
        }
        refreshIfStale(tenant, cached);
        return Uni.createFrom().item(cached);
    }

    private void refreshIfStale(String tenant, TenantPlans cached) {
        if (cached.loadedAt().plus(REFRESH).isBefore(Instant.now()) && !loading.containsKey(tenant)) {
            load(tenant)
                    .subscribe()
                    .with(
                            ignored -> {},
                            failure -> Log.warnf(
                                    "Reloading the tracking plans of tenant %s failed: %s",
                                    tenant, failure.toString()));
        }
    }

    private Uni<TenantPlans> load(String tenant) {
        return loading.computeIfAbsent(
                tenant,
                key -> store.list(key)
                        .flatMap(plans -> store.settings(key).map(settings -> {
                            Map<String, JsonSchema> schemas = new HashMap<>();
                            Set<String> unusable = new HashSet<>();
                            for (TrackingPlan plan : plans) {
                                try {
                                    schemas.put(plan.eventType(), compile(plan.schema()));
                                } catch (RuntimeException e) {
                                    // a plan saved before the API refused what it names (a remote $schema): one plan
                                    // must
                                    // not stop the tenant's intake, nor be skipped
                                    Log.warnf(
                                            "The tracking plan of %s for tenant %s cannot be compiled; its events are "
                                                    + "dead-lettered until it is fixed",
                                            plan.eventType(), key);
                                    unusable.add(plan.eventType());
                                }
                            }
                            UnplannedPolicy policy = settings == null ? null : settings.unplannedEventTypes();
                            Boolean autoCreate = settings == null ? null : settings.autoCreateCustomers();
                            TenantPlans loaded = new TenantPlans(
                                    schemas,
                                    unusable,
                                    policy == null ? defaultPolicy : policy,
                                    autoCreate == null ? defaultAutoCreate : autoCreate,
                                    Instant.now());
                            cache.put(key, loaded);
                            return loaded;
                        }))
                        // a block, not an expression: eventually(Supplier<Uni>) would wait on the removed Uni, i.e.
                        // itself
                        .eventually(() -> {
                            loading.remove(key);
                        })
                        .memoize()
                        .indefinitely());
    }

    private static String dataPath(ValidationMessage message) {
        String location = message.getInstanceLocation() == null
                ? "$"
                : message.getInstanceLocation().toString();
        return "data" + (location.startsWith("$") ? location.substring(1) : "." + location);
    }
}
