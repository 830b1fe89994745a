package io.customer360.enrichment.store;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * Claims on automatic enrichment causes (a customer and the identity it gained), so that however often a
 * profile.changed message is delivered, and on however many instances, one consumer enriches for it once. A claim
 * is one conditional upsert: PostgreSQL serialises concurrent ones on the row.
 */
@ApplicationScoped
public class AutoEnrichmentClaims {

    /** What a claim attempt found. */
    public enum Claim {
        /** This caller holds the cause now and must settle it ({@link #done} or {@link #release}). */
        TAKEN,
        /** The cause was settled before. */
        DONE,
        /** Another consumer holds the cause and its lease has not passed. */
        HELD
    }

    private final Pool pool;

    AutoEnrichmentClaims(Pool pool) {
        this.pool = pool;
    }

    /** Takes the cause unless it is done or held under a lease that has not passed yet. */
    public Uni<Claim> claim(String tenant, String customerId, String cause, Duration lease) {
        return pool.preparedQuery("""
                        INSERT INTO auto_enrichment_claims (tenant, customer_id, cause, claimed_until)
                        VALUES ($1, $2, $3, now() + $4::bigint * interval '1 millisecond')
                        ON CONFLICT (tenant, customer_id, cause) DO UPDATE SET claimed_until = EXCLUDED.claimed_until
                        WHERE auto_enrichment_claims.done_at IS NULL AND auto_enrichment_claims.claimed_until < now()
                        RETURNING cause""")
                .execute(Tuple.of(tenant, customerId, cause, lease.toMillis()))
                .flatMap(taken ->
                        taken.size() == 1 ? Uni.createFrom().item(Claim.TAKEN) : settled(tenant, customerId, cause));
    }

    /** The cause is settled for good: later deliveries of it do nothing. */
    public Uni<Void> done(String tenant, String customerId, String cause) {
        return pool.preparedQuery("""
                        UPDATE auto_enrichment_claims SET done_at = now()
                        WHERE tenant = $1 AND customer_id = $2 AND cause = $3""")
                .execute(Tuple.of(tenant, customerId, cause))
                .replaceWithVoid();
    }

    /** Gives the cause back unsettled, so a later delivery or change may try again. */
    public Uni<Void> release(String tenant, String customerId, String cause) {
        return pool.preparedQuery("""
                        DELETE FROM auto_enrichment_claims
                        WHERE tenant = $1 AND customer_id = $2 AND cause = $3 AND done_at IS NULL""")
                .execute(Tuple.of(tenant, customerId, cause))
                .replaceWithVoid();
    }

    private Uni<Claim> settled(String tenant, String customerId, String cause) {
        return pool.preparedQuery("""
                        SELECT done_at IS NOT NULL AS done FROM auto_enrichment_claims
                        WHERE tenant = $1 AND customer_id = $2 AND cause = $3""")
                .execute(Tuple.of(tenant, customerId, cause))
                .map(rows -> rows.size() == 1 && rows.iterator().next().getBoolean("done") ? Claim.DONE : Claim.HELD);
    }
}
