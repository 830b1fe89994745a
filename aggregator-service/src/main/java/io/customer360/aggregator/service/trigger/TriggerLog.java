package io.customer360.aggregator.service.trigger;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The triggers fired, in the aggregator's PostgreSQL: one row per dedup key, so a cause fires once however often it is
 * seen, and the outbox of what is not published yet.
 */
@ApplicationScoped
public class TriggerLog {

    /** Marks one customer's triggers published ({@link #published}). */
    static final String MARK_PUBLISHED =
            "UPDATE skill_triggers SET published_at = now() WHERE tenant = $1 AND customer_id = $2 AND dedup_key = ANY($3)";

    private final Pool pool;

    TriggerLog(Pool pool) {
        this.pool = pool;
    }

    /**
     * Stores the triggers not fired before, all in one INSERT; answers those (the ones to publish). Each trigger's
     * evidence goes as a JSON array, since arrays of different lengths cannot be unnested side by side.
     */
    public Uni<List<Trigger>> record(List<Trigger> triggers) {
        if (triggers.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        int size = triggers.size();
        String[] tenants = new String[size];
        String[] dedupKeys = new String[size];
        String[] customers = new String[size];
        String[] skills = new String[size];
        String[] causes = new String[size];
        String[] evidence = new String[size];
        OffsetDateTime[] occurred = new OffsetDateTime[size];
        for (int i = 0; i < size; i++) {
            Trigger trigger = triggers.get(i);
            tenants[i] = trigger.tenant();
            dedupKeys[i] = trigger.dedupKey();
            customers[i] = trigger.customerId();
            skills[i] = trigger.skill();
            causes[i] = trigger.cause();
            evidence[i] = new JsonArray(trigger.evidenceEventIds()).encode();
            occurred[i] = OffsetDateTime.ofInstant(trigger.occurredAt(), ZoneOffset.UTC);
        }
        return pool.preparedQuery("""
                        INSERT INTO skill_triggers (tenant, dedup_key, customer_id, skill, cause, evidence_event_ids, occurred_at)
                        SELECT t, k, c, s, ca,
                               ARRAY(SELECT e.id FROM jsonb_array_elements_text(ev::jsonb) WITH ORDINALITY AS e(id, n) ORDER BY e.n),
                               o
                        FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[])
                             AS x(t, k, c, s, ca, ev, o)
                        ON CONFLICT DO NOTHING RETURNING tenant, dedup_key""")
                .execute(Tuple.tuple()
                        .addArrayOfString(tenants)
                        .addArrayOfString(dedupKeys)
                        .addArrayOfString(customers)
                        .addArrayOfString(skills)
                        .addArrayOfString(causes)
                        .addArrayOfString(evidence)
                        .addArrayOfOffsetDateTime(occurred))
                .map(rows -> {
                    Set<List<String>> fired = new HashSet<>();
                    rows.forEach(row -> fired.add(List.of(row.getString("tenant"), row.getString("dedup_key"))));
                    return triggers.stream()
                            .filter(trigger -> fired.remove(List.of(trigger.tenant(), trigger.dedupKey())))
                            .toList();
                });
    }

    /**
     * Marks the triggers published: one UPDATE per customer (a view's triggers are one customer's). The customer is in
     * the condition so that every plan reads only that customer's triggers: by (tenant, dedup_key = ANY) alone, a plan
     * made while the table has no statistics yet (a new database, until autovacuum first analyzes it) reads all of the
     * tenant's triggers through the index by customer, and is kept for the connection's life while the table grows.
     */
    public Uni<Void> published(List<Trigger> triggers) {
        Map<List<String>, List<String>> byCustomer = new LinkedHashMap<>();
        triggers.forEach(trigger -> byCustomer
                .computeIfAbsent(List.of(trigger.tenant(), trigger.customerId()), customer -> new ArrayList<>())
                .add(trigger.dedupKey()));
        if (byCustomer.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Uni.join()
                .all(byCustomer.entrySet().stream()
                        .map(customer -> pool.preparedQuery(MARK_PUBLISHED)
                                .execute(Tuple.of(
                                        customer.getKey().get(0),
                                        customer.getKey().get(1),
                                        customer.getValue().toArray(String[]::new))))
                        .toList())
                .andFailFast()
                .replaceWithVoid();
    }

    /** Triggers stored at least {@code age} ago and not published yet, oldest first. */
    public Uni<List<Trigger>> unpublished(Duration age, int limit) {
        return pool.preparedQuery("""
                        SELECT * FROM skill_triggers WHERE published_at IS NULL AND recorded_at < now() - make_interval(secs => $1)
                        ORDER BY recorded_at LIMIT $2""")
                .execute(Tuple.of((double) age.toSeconds(), limit))
                .map(rows -> {
                    List<Trigger> triggers = new ArrayList<>();
                    rows.forEach(row -> triggers.add(new Trigger(
                            row.getString("tenant"),
                            row.getString("customer_id"),
                            row.getString("skill"),
                            row.getString("cause"),
                            evidence(row),
                            row.getString("dedup_key"),
                            row.getOffsetDateTime("occurred_at").toInstant())));
                    return triggers;
                });
    }

    private static List<String> evidence(Row row) {
        return Arrays.asList(row.getArrayOfStrings("evidence_event_ids"));
    }
}
