package io.customer360.profile.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.customer360.common.contract.messages.NormalizedEvent;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.flywaydb.core.Flyway;

/**
 * The store's central promise, as a property against the real database: any permutation of an event sequence, with
 * any events delivered again and any split into batches, gives exactly the state the sequence gives in order.
 * The same sequence is applied to two fresh tenants, once in order and once shuffled and repeated; then every table
 * of the two tenants is compared row by row, the values kept per source included.
 */
class OrderInsensitivityPropertyTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String URL = "postgresql://127.0.0.1:5432/c360_profile_test";
    /** Few distinct times, so that events of the same instant occur and their tie-break is exercised. */
    private static final Instant BASE = Instant.parse("2026-01-01T00:00:00Z");

    private static Vertx vertx;
    private static Pool pool;
    private static EventBatchWriter writer;

    @BeforeContainer
    static void connect() {
        Flyway.configure().dataSource("jdbc:" + URL, "postgres", "").load().migrate();
        vertx = Vertx.vertx();
        pool = Pool.newInstance(PgBuilder.pool()
                .connectingTo(PgConnectOptions.fromUri(URL).setUser("postgres"))
                .using(vertx.getDelegate())
                .build());
        writer = new EventBatchWriter(pool);
    }

    @AfterContainer
    static void close() {
        pool.closeAndAwait();
        vertx.closeAndAwait();
    }

    /** One event of a small universe: two customers, a few records, conflicting values and times. */
    record Step(String type, int customer, int record, int value, int minute) {}

    @Provide
    Arbitrary<List<Step>> histories() {
        Arbitrary<String> types = Arbitraries.of(
                "ticket_opened",
                "ticket_updated",
                "ticket_resolved",
                "ticket_escalated",
                "profile_update",
                "invoice_issued",
                "invoice_paid",
                "invoice_overdue",
                "payment_failed",
                "segment_joined",
                "segment_left",
                "note",
                "note_deleted",
                "purchase",
                "contact_added",
                "contact_removed",
                "seats_changed",
                "subscription_updated",
                "login",
                "webinar_attended");
        Arbitrary<Step> steps = Combinators.combine(
                        types,
                        Arbitraries.integers().between(0, 1),
                        Arbitraries.integers().between(0, 2),
                        Arbitraries.integers().between(0, 3),
                        Arbitraries.integers().between(0, 4))
                .as(Step::new);
        return steps.list().ofMinSize(1).ofMaxSize(25);
    }

    @Property(tries = 100)
    void anyOrderAnyRepetitionAnyBatchingGivesTheSameState(@ForAll("histories") List<Step> history, @ForAll long seed) {
        String inOrder = "prop-" + UUID.randomUUID().toString().substring(0, 8);
        String shuffled = "prop-" + UUID.randomUUID().toString().substring(0, 8);
        List<NormalizedEvent> original = events(inOrder, history);
        List<NormalizedEvent> scrambled = scramble(events(shuffled, history), new Random(seed));

        writer.apply(original).await().atMost(Duration.ofSeconds(30));
        Random batching = new Random(seed ^ 0x5DEECE66DL);
        for (int from = 0; from < scrambled.size(); ) {
            int to = Math.min(scrambled.size(), from + 1 + batching.nextInt(6));
            writer.apply(scrambled.subList(from, to)).await().atMost(Duration.ofSeconds(30));
            from = to;
        }

        for (String table : SNAPSHOTS.keySet()) {
            assertThat(snapshot(table, shuffled)).as(table).isEqualTo(snapshot(table, inOrder));
        }
    }

    private static List<NormalizedEvent> events(String tenant, List<Step> history) {
        List<NormalizedEvent> events = new ArrayList<>();
        for (int i = 0; i < history.size(); i++) {
            Step step = history.get(i);
            String customer = "cust_" + step.customer();
            ObjectNode data = MAPPER.createObjectNode();
            String record = "r" + step.record();
            switch (step.type()) {
                case "ticket_opened", "ticket_updated", "ticket_resolved", "ticket_escalated" ->
                    data.put("ticket_id", record)
                            .put(
                                    "priority",
                                    List.of("urgent", "high", "low", "P3").get(step.value()))
                            .put("status", "s" + step.value())
                            .put("csat", step.value() + 1);
                case "profile_update" ->
                    data.put("name", "Name " + step.value()).put("industry", "I" + step.value());
                case "invoice_issued", "invoice_paid", "invoice_overdue" ->
                    data.put("invoice_id", record).put("amount", 100 * step.value());
                case "payment_failed" -> data.put("payment_id", record).put("amount", step.value());
                case "segment_joined", "segment_left" ->
                    data.put("segment_name", "seg" + step.record()).put("segment_value", step.value());
                case "note" ->
                    data.put("note_id", record)
                            .put("content", "text " + step.value())
                            .put("sensitive", step.value() % 2 == 0);
                case "note_deleted" -> data.put("note_id", record);
                case "purchase" ->
                    data.put("purchase_id", record)
                            .put("product_name", "P" + step.value())
                            .put("total", 10 + step.value());
                case "contact_added", "contact_removed" ->
                    data.put("contact_id", record)
                            .put(
                                    "role",
                                    List.of("champion", "user", "executive_sponsor", "billing")
                                            .get(step.value()))
                            .put("contact_name", "C" + step.value());
                case "seats_changed", "subscription_updated" ->
                    data.put("seats_total", 10 * step.value()).put("plan", "plan" + step.value());
                default -> data.put("title", "T" + step.value());
            }
            // each customer has one email of its own: which profile owns an email is then independent of order
            String email = step.value() == 0 ? customer + "@example.com" : null;
            // three sources that disagree on the fields kept per source (seats, a contact's role)
            String source =
                    List.of("billing-service", "crm-service", "support-system").get((step.value() + step.minute()) % 3);
            events.add(new NormalizedEvent(
                    "e" + i,
                    tenant,
                    customer,
                    email,
                    step.type(),
                    BASE.plus(Duration.ofMinutes(step.minute())),
                    source,
                    data,
                    MAPPER.createObjectNode(),
                    null,
                    true,
                    BASE));
        }
        return events;
    }

    /** A permutation, with about a third of the events delivered a second time. */
    private static List<NormalizedEvent> scramble(List<NormalizedEvent> events, Random random) {
        List<NormalizedEvent> scrambled = new ArrayList<>(events);
        for (NormalizedEvent event : events) {
            if (random.nextInt(3) == 0) {
                scrambled.add(event);
            }
        }
        java.util.Collections.shuffle(scrambled, random);
        return scrambled;
    }

    /** Each table's state without the tenant and without wall-clock columns (when a row was written, not what it says). */
    private static final Map<String, String> SNAPSHOTS = Map.of(
            "customers",
                    "SELECT id, fields::text, customer_since, lifetime_value, name, email, status FROM customers WHERE tenant = $1 ORDER BY id",
            "records",
                    "SELECT customer_id, kind, record_id, fields::text, first_seen_at, last_changed_at FROM records WHERE tenant = $1 "
                            + "ORDER BY customer_id, kind, record_id",
            "timeline_events",
                    "SELECT event_id, customer_id, event_type, occurred_at, title, description, amount, status, data::text, "
                            + "sensitive FROM timeline_events WHERE tenant = $1 ORDER BY event_id",
            "purchases",
                    "SELECT id, customer_id, event_id, product_name, total, purchased_at FROM purchases WHERE tenant = $1 ORDER BY id",
            "customer_identities",
                    "SELECT kind, value, customer_id FROM customer_identities WHERE tenant = $1 ORDER BY kind, value");

    private static List<String> snapshot(String table, String tenant) {
        List<String> rows = new ArrayList<>();
        pool.preparedQuery(SNAPSHOTS.get(table))
                .execute(Tuple.of(tenant))
                .await()
                .atMost(Duration.ofSeconds(10))
                .forEach(row -> {
                    StringBuilder line = new StringBuilder();
                    for (int i = 0; i < row.size(); i++) {
                        line.append(row.getValue(i)).append('|');
                    }
                    rows.add(line.toString());
                });
        return rows;
    }
}
