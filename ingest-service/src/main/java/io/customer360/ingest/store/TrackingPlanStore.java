package io.customer360.ingest.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.customer360.ingest.domain.TrackingPlan;
import io.customer360.ingest.domain.UnplannedPolicy;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** Tracking plans and intake settings per tenant. */
@ApplicationScoped
public class TrackingPlanStore {

    private final Pool pool;
    private final ObjectMapper mapper;

    TrackingPlanStore(Pool pool, ObjectMapper mapper) {
        this.pool = pool;
        this.mapper = mapper;
    }

    public Uni<List<TrackingPlan>> list(String tenant) {
        return pool.preparedQuery("""
                        SELECT event_type, schema::text AS schema, version, updated_at, updated_by
                        FROM tracking_plans WHERE tenant = $1 ORDER BY event_type""").execute(Tuple.of(tenant)).map(rows -> {
            List<TrackingPlan> plans = new ArrayList<>();
            rows.forEach(row -> plans.add(toPlan(row)));
            return plans;
        });
    }

    /** The plan of one event type, or null. */
    public Uni<TrackingPlan> find(String tenant, String eventType) {
        return pool.preparedQuery("""
                        SELECT event_type, schema::text AS schema, version, updated_at, updated_by
                        FROM tracking_plans WHERE tenant = $1 AND event_type = $2""")
                .execute(Tuple.of(tenant, eventType))
                .map(rows -> rows.iterator().hasNext() ? toPlan(rows.iterator().next()) : null);
    }

    /** Creates the plan or replaces its schema, bumping its version. */
    public Uni<TrackingPlan> save(String tenant, String eventType, JsonNode schema, String user) {
        return pool.preparedQuery("""
                        INSERT INTO tracking_plans (tenant, event_type, schema, updated_by) VALUES ($1, $2, $3, $4)
                        ON CONFLICT (tenant, event_type) DO UPDATE
                            SET schema = excluded.schema, version = tracking_plans.version + 1,
                                updated_at = now(), updated_by = excluded.updated_by
                        RETURNING event_type, schema::text AS schema, version, updated_at, updated_by""")
                .execute(Tuple.of(tenant, eventType, new JsonObject(schema.toString()), user))
                .map(rows -> toPlan(rows.iterator().next()));
    }

    /** Whether a plan was there to delete. */
    public Uni<Boolean> delete(String tenant, String eventType) {
        return pool.preparedQuery("DELETE FROM tracking_plans WHERE tenant = $1 AND event_type = $2")
                .execute(Tuple.of(tenant, eventType))
                .map(rows -> rows.rowCount() > 0);
    }

    /** A tenant's own intake settings; a null field means the configured default. */
    public record TenantSettings(UnplannedPolicy unplannedEventTypes, Boolean autoCreateCustomers) {}

    /** The tenant's own settings, or null when it has none. */
    public Uni<TenantSettings> settings(String tenant) {
        return pool.preparedQuery(
                        "SELECT unplanned_event_types, auto_create_customers FROM tenant_settings WHERE tenant = $1")
                .execute(Tuple.of(tenant))
                .map(rows -> {
                    if (!rows.iterator().hasNext()) {
                        return null;
                    }
                    Row row = rows.iterator().next();
                    return new TenantSettings(UnplannedPolicy.fromWire(row.getString(0)), row.getBoolean(1));
                });
    }

    public Uni<Void> saveSettings(String tenant, UnplannedPolicy policy, Boolean autoCreateCustomers, String user) {
        return pool.preparedQuery("""
                        INSERT INTO tenant_settings (tenant, unplanned_event_types, auto_create_customers, updated_by)
                        VALUES ($1, $2, $3, $4)
                        ON CONFLICT (tenant) DO UPDATE SET unplanned_event_types = excluded.unplanned_event_types,
                            auto_create_customers = excluded.auto_create_customers,
                            updated_at = now(), updated_by = excluded.updated_by""")
                .execute(Tuple.tuple()
                        .addValue(tenant)
                        .addValue(policy.wire())
                        .addValue(autoCreateCustomers)
                        .addValue(user))
                .replaceWithVoid();
    }

    private TrackingPlan toPlan(Row row) {
        try {
            return new TrackingPlan(
                    row.getString("event_type"),
                    mapper.readTree(row.getString("schema")),
                    row.getInteger("version"),
                    row.getOffsetDateTime("updated_at").withOffsetSameInstant(ZoneOffset.UTC),
                    row.getString("updated_by"));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored schema is not JSON", e);
        }
    }
}
