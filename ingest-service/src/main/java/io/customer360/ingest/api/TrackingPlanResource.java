package io.customer360.ingest.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaException;
import io.customer360.common.api.Page;
import io.customer360.common.api.ProblemException;
import io.customer360.common.api.ProblemType;
import io.customer360.common.auth.Roles;
import io.customer360.common.auth.TenantContext;
import io.customer360.ingest.config.IngestConfig;
import io.customer360.ingest.domain.TrackingPlan;
import io.customer360.ingest.domain.UnplannedPolicy;
import io.customer360.ingest.service.PlanSchemas;
import io.customer360.ingest.service.TrackingPlanGate;
import io.customer360.ingest.store.TrackingPlanStore;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Tracking plans: per tenant, a JSON Schema (2020-12) for the {@code data} of each event type, and the tenant's
 * policy for event types without a plan. Events that violate their plan are dead-lettered with
 * {@code schema_violation}; after a fix they can be replayed.
 */
@Path("/api/v1/tracking-plans")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Tracking plans")
@RolesAllowed(Roles.ADMIN)
public class TrackingPlanResource {

    private static final Pattern EVENT_TYPE = Pattern.compile("[a-z][a-z0-9_]{0,63}");
    private static final int MAX_SCHEMA_BYTES = 65_536;

    private final TrackingPlanStore store;
    private final TrackingPlanGate gate;
    private final TenantContext tenant;
    private final SecurityIdentity identity;
    private final IngestConfig config;

    TrackingPlanResource(
            TrackingPlanStore store,
            TrackingPlanGate gate,
            TenantContext tenant,
            SecurityIdentity identity,
            IngestConfig config) {
        this.store = store;
        this.gate = gate;
        this.tenant = tenant;
        this.identity = identity;
        this.config = config;
    }

    /** The tenant's intake settings. */
    public record Settings(@Schema(required = true) UnplannedPolicy unplannedEventTypes, Boolean autoCreateCustomers) {}

    @GET
    @Path("/event-types")
    @Operation(
            operationId = "listTrackingPlans",
            summary = "The tenant's tracking plans",
            description = "Role: c360.admin.")
    public Uni<Page<TrackingPlan>> list() {
        return store.list(tenant.tenant()).map(plans -> new Page<>(plans, null));
    }

    @GET
    @Path("/event-types/{eventType}")
    @Operation(
            operationId = "getTrackingPlan",
            summary = "The tracking plan of one event type",
            description = "Role: c360.admin.")
    public Uni<TrackingPlan> get(@PathParam("eventType") String eventType) {
        checkEventType(eventType);
        return store.find(tenant.tenant(), eventType)
                .onItem()
                .ifNull()
                .failWith(() -> ProblemException.notFound("Tracking plan", eventType));
    }

    @PUT
    @Path("/event-types/{eventType}")
    @Consumes(MediaType.APPLICATION_JSON)
    // compiling a plan of up to 64 KiB is work for a worker thread, not for the event loop that serves intake
    @Blocking
    @Operation(
            operationId = "putTrackingPlan",
            summary = "Create or replace the tracking plan of an event type",
            description = "Role: c360.admin. The body is a JSON Schema for the event's `data` (draft 2020-12 unless "
                    + "`$schema` names draft-04, -06, -07 or 2019-09; any other `$schema` is refused). Nothing is ever "
                    + "fetched: `$ref`, `$dynamicRef` and `$recursiveRef` must be local (`#...`), `$id` a fragment; "
                    + "the schema is at most 64 KiB.")
    public Uni<TrackingPlan> put(@PathParam("eventType") String eventType, JsonNode schema) {
        checkEventType(eventType);
        checkSchema(schema);
        String tenantId = tenant.tenant();
        return store.save(tenantId, eventType, schema, identity.getPrincipal().getName())
                .invoke(() -> gate.invalidate(tenantId));
    }

    @DELETE
    @Path("/event-types/{eventType}")
    @Operation(
            operationId = "deleteTrackingPlan",
            summary = "Delete the tracking plan of an event type",
            description = "Role: c360.admin.")
    public Uni<Void> delete(@PathParam("eventType") String eventType) {
        checkEventType(eventType);
        String tenantId = tenant.tenant();
        return store.delete(tenantId, eventType)
                .invoke(deleted -> {
                    if (!deleted) {
                        throw ProblemException.notFound("Tracking plan", eventType);
                    }
                    gate.invalidate(tenantId);
                })
                .replaceWithVoid();
    }

    @GET
    @Path("/settings")
    @Operation(
            operationId = "getIntakeSettings",
            summary = "The tenant's intake settings",
            description = "Role: c360.admin. "
                    + "`unplannedEventTypes`: `allow` accepts event types without a plan, `quarantine` dead-letters them. "
                    + "`autoCreateCustomers`: whether events may create customers profile-service does not know yet (when "
                    + "false, such events wait, retried, until the customer exists, and are parked by profile-service after "
                    + "its maximum deliveries).")
    public Uni<Settings> settings() {
        return store.settings(tenant.tenant())
                .map(settings -> new Settings(
                        settings == null
                                ? UnplannedPolicy.fromWire(config.unplannedEventTypes())
                                : settings.unplannedEventTypes(),
                        settings == null || settings.autoCreateCustomers() == null
                                ? config.autoCreateCustomer()
                                : settings.autoCreateCustomers()));
    }

    @PUT
    @Path("/settings")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "putIntakeSettings",
            summary = "Change the tenant's intake settings",
            description = "Role: c360.admin.")
    public Uni<Settings> putSettings(Settings settings) {
        if (settings == null || settings.unplannedEventTypes() == null) {
            throw ProblemException.invalid("unplannedEventTypes", "must be allow or quarantine");
        }
        String tenantId = tenant.tenant();
        // omitted: the configured default, now and after it changes
        boolean autoCreate =
                settings.autoCreateCustomers() == null ? config.autoCreateCustomer() : settings.autoCreateCustomers();
        return store.saveSettings(
                        tenantId,
                        settings.unplannedEventTypes(),
                        settings.autoCreateCustomers(),
                        identity.getPrincipal().getName())
                .invoke(() -> gate.invalidate(tenantId))
                .replaceWith(new Settings(settings.unplannedEventTypes(), autoCreate));
    }

    private static void checkEventType(String eventType) {
        if (!EVENT_TYPE.matcher(eventType).matches()) {
            throw ProblemException.invalid("eventType", "must be snake_case: a-z, 0-9 and '_', at most 64 characters");
        }
    }

    /** Refuses a body that cannot be a tracking plan with a 400 naming what is wrong (or a 413); the fuzz target's entry. */
    static void checkSchema(JsonNode schema) {
        if (schema == null || !schema.isObject()) {
            throw ProblemException.invalid("body", "must be a JSON Schema object");
        }
        if (schema.toString().length() > MAX_SCHEMA_BYTES) {
            throw new ProblemException(ProblemType.PAYLOAD_TOO_LARGE, "the schema is larger than 64 KiB");
        }
        PlanSchemas.Refusal outside = PlanSchemas.reachOutside(schema);
        if (outside != null) {
            // a plan is written by a tenant's admin: nothing in it may make ingest fetch a URL or read a file
            throw ProblemException.invalid(outside.field(), outside.message());
        }
        try {
            // references resolve lazily, on the first event checked: resolved now, a dangling one is refused here
            // instead of failing every event of the type at intake
            JsonSchema compiled = PlanSchemas.compile(schema);
            compiled.initializeValidators();
            // a plan whose $refs loop without reading the data ({"$ref": "#"}) overflows the stack on any event
            compiled.validate(JsonNodeFactory.instance.objectNode());
        } catch (StackOverflowError loop) {
            throw ProblemException.invalid("$ref", "the references loop without reading the event's data");
        } catch (JsonSchemaException e) {
            throw ProblemException.invalid("body", "is not a usable JSON Schema: " + PlanSchemas.reason(e));
        } catch (RuntimeException e) {
            // anything else is the validator failing on this input: its message may name its classes
            throw ProblemException.invalid("body", "is not a usable JSON Schema");
        }
    }
}
