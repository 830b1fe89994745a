package io.customer360.enrichment.store;

import io.customer360.enrichment.domain.Tier;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each tenant's tier and auto-enrichment setting; a tenant never set is free, without auto-enrichment. Tiers are
 * remembered for a few seconds so cached reads need no database round trip; another instance sees a tier change
 * within {@link #REMEMBERED}.
 */
@ApplicationScoped
public class TenantTiers {

    static final Duration REMEMBERED = Duration.ofSeconds(5);

    private final Pool pool;
    private final Map<String, Remembered> remembered = new ConcurrentHashMap<>();

    private record Remembered(Tier tier, long until) {}

    TenantTiers(Pool pool) {
        this.pool = pool;
    }

    public Uni<Tier> tier(String tenant) {
        Remembered known = remembered.get(tenant);
        if (known != null && known.until() > System.nanoTime()) {
            return Uni.createFrom().item(known.tier());
        }
        return pool.preparedQuery("SELECT tier FROM tenant_tiers WHERE tenant = $1")
                .execute(Tuple.of(tenant))
                .map(rows -> rows.size() == 0
                        ? Tier.FREE
                        : Tier.fromWire(rows.iterator().next().getString("tier"))
                                .orElse(Tier.FREE))
                .invoke(tier -> remembered.put(tenant, new Remembered(tier, System.nanoTime() + REMEMBERED.toNanos())));
    }

    public Uni<Boolean> autoEnrich(String tenant) {
        return pool.preparedQuery("SELECT auto_enrich FROM tenant_tiers WHERE tenant = $1")
                .execute(Tuple.of(tenant))
                .map(rows -> rows.size() > 0 && rows.iterator().next().getBoolean("auto_enrich"));
    }

    /** Sets the tier, and the auto-enrichment setting when given; the current month's limit follows the tier. */
    public Uni<Void> set(String tenant, Tier tier, Boolean autoEnrich) {
        return pool.withTransaction(connection -> connection
                        .preparedQuery("""
                        INSERT INTO tenant_tiers (tenant, tier, auto_enrich) VALUES ($1, $2, coalesce($3, false))
                        ON CONFLICT (tenant) DO UPDATE SET tier = EXCLUDED.tier,
                            auto_enrich = coalesce($3, tenant_tiers.auto_enrich), updated_at = now()""")
                        .execute(Tuple.of(tenant, tier.wireName(), autoEnrich))
                        .flatMap(ignored -> connection
                                .preparedQuery("""
                                UPDATE enrichment_quota SET tier = $2, quota_limit = $3, version = version + 1
                                WHERE tenant = $1 AND month = date_trunc('month', now() AT TIME ZONE 'UTC')::date""")
                                .execute(Tuple.of(tenant, tier.wireName(), tier.monthlyLimit())))
                        .replaceWithVoid())
                .invoke(() -> remembered.remove(tenant));
    }
}
