package io.customer360.enrichment.store;

import io.customer360.enrichment.domain.IdentityKind;
import io.customer360.enrichment.domain.LookupSubject;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The identity digests ({@link IdentityDigests}) each customer's stored enrichment was made from. */
@ApplicationScoped
public class EnrichedIdentities {

    private final Pool pool;
    private final IdentityDigests digests;

    EnrichedIdentities(Pool pool, IdentityDigests digests) {
        this.pool = pool;
        this.digests = digests;
    }

    public Uni<Map<IdentityKind, Set<String>>> known(String tenant, String customerId) {
        return pool.preparedQuery("SELECT kind, digest FROM enriched_identities WHERE tenant = $1 AND customer_id = $2")
                .execute(Tuple.of(tenant, customerId))
                .map(rows -> {
                    Map<IdentityKind, Set<String>> known = new EnumMap<>(IdentityKind.class);
                    rows.forEach(row -> known.computeIfAbsent(
                                    IdentityKind.fromWire(row.getString("kind")), kind -> new HashSet<>())
                            .add(row.getString("digest")));
                    return known;
                });
    }

    /** Remembers that the customer was enriched from the subject's email and company. */
    public Uni<Void> record(String tenant, String customerId, LookupSubject subject) {
        Map<IdentityKind, String> enrichedFrom = digests.of(subject);
        if (enrichedFrom.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> rows = enrichedFrom.entrySet().stream()
                .map(digest -> Tuple.of(tenant, customerId, digest.getKey().wireName(), digest.getValue()))
                .toList();
        return pool.preparedQuery("""
                        INSERT INTO enriched_identities (tenant, customer_id, kind, digest) VALUES ($1, $2, $3, $4)
                        ON CONFLICT (tenant, customer_id, kind, digest) DO UPDATE SET enriched_at = now()""").executeBatch(rows).replaceWithVoid();
    }
}
