package io.customer360.aggregator.store;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * What the console reads from the aggregator's own database, read-only: the customers a person opened lately (from
 * the access audit, channel {@code console}) and a customer's daily health scores (the health history the view
 * records), for the trend sparkline. Erasure empties both for an erased customer.
 */
@ApplicationScoped
public class ConsoleStore {

    public static final String CHANNEL = "console";

    private final Pool pool;

    ConsoleStore(Pool pool) {
        this.pool = pool;
    }

    /** Customer ids this person opened in the console in the last {@code days} days, most recent first. */
    public Uni<List<String>> recentlyOpened(String tenant, String subject, int days, int limit) {
        return pool.preparedQuery("""
                        SELECT customer_id, max(accessed_at) AS last FROM access_audit
                        WHERE tenant = $1 AND accessed_at > now() - make_interval(days => $2) AND subject = $3
                          AND channel = $4 AND status = 200
                        GROUP BY customer_id ORDER BY last DESC LIMIT $5""")
                .execute(Tuple.of(tenant, days, subject, CHANNEL, limit))
                .map(rows -> {
                    List<String> ids = new ArrayList<>();
                    rows.forEach(row -> ids.add(row.getString("customer_id")));
                    return ids;
                });
    }

    /** The customer's overall health per day over the last {@code days} days, oldest first: {@code [{day, overall}]}. */
    public Uni<ArrayNode> healthHistory(String tenant, String customerId, int days) {
        LocalDate since = LocalDate.now(ZoneOffset.UTC).minusDays(days);
        return pool.preparedQuery("""
                        SELECT day, overall FROM health_history WHERE tenant = $1 AND customer_id = $2 AND day >= $3
                        ORDER BY day""")
                .execute(Tuple.of(tenant, customerId, since))
                .map(rows -> {
                    ArrayNode points = JsonNodeFactory.instance.arrayNode();
                    rows.forEach(row -> points.addObject()
                            .put("day", row.getLocalDate("day").toString())
                            .put("overall", row.getInteger("overall")));
                    return points;
                });
    }
}
