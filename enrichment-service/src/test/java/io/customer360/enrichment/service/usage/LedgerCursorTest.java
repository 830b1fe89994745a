package io.customer360.enrichment.service.usage;

import static io.customer360.enrichment.testing.Billing.LEDGER;
import static io.customer360.enrichment.testing.Billing.json;
import static io.customer360.enrichment.testing.Billing.reader;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.customer360.common.testing.ProfileServiceResource;
import io.customer360.enrichment.config.EnrichmentConfig;
import io.customer360.enrichment.messaging.UsageOutboxRelay;
import io.customer360.enrichment.testing.Billing;
import io.customer360.enrichment.testing.ProviderStubs;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgBuilder;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * The {@code after} cursor never skips or repeats a line while lines are written: writers on two connection pools
 * (two replicas) commit concurrently while a reader pages the month; and a writer that would take a higher charge id
 * waits for the one holding a lower id to commit, so a reader never sees the higher id first.
 */
@QuarkusTest
@WithTestResource(ProfileServiceResource.class)
@WithTestResource(ProviderStubs.class)
class LedgerCursorTest {

    private static final List<ChargedCall> CALLS = List.of(
            new ChargedCall("people-data-labs", "person", new BigDecimal("0.2800")),
            new ChargedCall("google-places", "business", new BigDecimal("0.0320")),
            new ChargedCall("opencorporates", "business", new BigDecimal("0.0000")));

    @Inject
    UsageLedger ledger;

    @Inject
    Pool pool;

    @Inject
    Vertx vertx;

    @Inject
    ObjectMapper mapper;

    @Inject
    UsageOutboxRelay relay;

    @Inject
    EnrichmentConfig config;

    private final YearMonth month = YearMonth.now(ZoneOffset.UTC);

    @Test
    void aReaderPagingWhileTwoReplicasWriteSeesEveryLineOnceInChargeIdOrder() {
        String tenant = Billing.freshTenant();
        Pool secondPool = PgBuilder.pool()
                .with(new PoolOptions().setMaxSize(8))
                .connectingTo(new PgConnectOptions()
                        .setHost("127.0.0.1")
                        .setPort(5432)
                        .setDatabase("c360_enrichment_test")
                        .setUser("postgres"))
                .using(vertx)
                .build();
        UsageLedger otherReplica = new UsageLedger(secondPool, mapper, relay, config);
        try {
            // 12 writers, 6 per replica, 20 enrichments each of 1 to 3 lines
            List<CompletableFuture<List<LedgerLine>>> writers = IntStream.range(0, 12)
                    .mapToObj(writer -> {
                        UsageLedger replica = writer % 2 == 0 ? ledger : otherReplica;
                        Uni<List<LedgerLine>> chain = Uni.createFrom().item(new ArrayList<>());
                        for (int i = 0; i < 20; i++) {
                            List<ChargedCall> calls = CALLS.subList(0, 1 + (writer + i) % 3);
                            String customer = "cus_" + writer + "_" + i;
                            chain = chain.flatMap(written -> replica.charge(tenant, month, customer, calls)
                                    .map(lines -> {
                                        written.addAll(lines);
                                        return written;
                                    }));
                        }
                        return chain.subscribeAsCompletionStage();
                    })
                    .toList();

            List<JsonNode> seen = new ArrayList<>();
            long after = 0;
            boolean writing = true;
            while (true) {
                boolean lastPass = !writing;
                JsonNode page = json(reader(tenant)
                        .get(LEDGER + "?month=" + month + "&after=" + after + "&limit=7")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString());
                page.path("lines").forEach(seen::add);
                after = page.path("nextAfter").asLong();
                if (lastPass && !page.path("hasMore").asBoolean()) {
                    break;
                }
                writing = writers.stream().anyMatch(writer -> !writer.isDone());
            }

            List<LedgerLine> written = new ArrayList<>();
            writers.forEach(writer -> written.addAll(writer.join()));
            int lines = written.size();
            assertThat(seen)
                    .extracting(line -> line.path("chargeId").asLong())
                    .as("every line once, in charge id order, ids gapless")
                    .containsExactlyElementsOf(
                            LongStream.rangeClosed(1, lines).boxed().toList());
            assertThat(written)
                    .extracting(LedgerLine::chargeId)
                    .containsExactlyInAnyOrderElementsOf(
                            LongStream.rangeClosed(1, lines).boxed().toList());
            assertThat(seen)
                    .extracting(line -> line.path("units").asInt())
                    .filteredOn(units -> units == 1)
                    .hasSize(12 * 20);
        } finally {
            secondPool.close().await().indefinitely();
        }
    }

    @Test
    void aWriterThatWouldTakeAHigherIdWaitsForTheLowerOneToCommit() {
        String tenant = Billing.freshTenant();
        ledger.charge(tenant, month, "cus_1", CALLS.subList(0, 1)).await().indefinitely();
        SqlConnection slow = pool.getConnection().await().indefinitely();
        CompletableFuture<List<LedgerLine>> next;
        try {
            // a writer that took charge id 2 and has not committed yet
            Transaction transaction = slow.begin().await().indefinitely();
            long held = slow.preparedQuery("""
                            UPDATE enrichment_ledger_counters SET last_charge_id = last_charge_id + 1 WHERE tenant = $1
                            RETURNING last_charge_id""")
                    .execute(Tuple.of(tenant))
                    .await()
                    .indefinitely()
                    .iterator()
                    .next()
                    .getLong("last_charge_id");
            assertThat(held).isEqualTo(2);

            next = ledger.charge(tenant, month, "cus_3", CALLS.subList(0, 1)).subscribeAsCompletionStage();
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> pool.query("""
                            SELECT count(*) AS waiting FROM pg_stat_activity
                            WHERE datname = current_database() AND wait_event_type = 'Lock'
                              AND query LIKE '%enrichment_ledger_counters%'""")
                                    .execute()
                                    .await()
                                    .indefinitely()
                                    .iterator()
                                    .next()
                                    .getLong("waiting")
                            == 1);
            assertThat(next).isNotDone();
            reader(tenant)
                    .get(LEDGER + "?month=" + month + "&after=1")
                    .then()
                    .statusCode(200)
                    .body("lines.size()", org.hamcrest.Matchers.equalTo(0));

            slow.preparedQuery("""
                            INSERT INTO enrichment_ledger (tenant, charge_id, enrichment_id, month, usage_month, customer_id,
                                provider, data_type, units, unit_cost, cost, currency, status)
                            VALUES ($1, $2, $2, $3, $3, 'cus_2', 'people-data-labs', 'person', 1, 0.28, 0.28, 'USD', 'charged')""")
                    .execute(Tuple.of(tenant, held, month.atDay(1)))
                    .await()
                    .indefinitely();
            transaction.commit().await().indefinitely();
        } finally {
            slow.close().await().indefinitely();
        }
        assertThat(next.join()).extracting(LedgerLine::chargeId).containsExactly(3L);
        reader(tenant)
                .get(LEDGER + "?month=" + month + "&after=1")
                .then()
                .statusCode(200)
                .body("lines.chargeId", org.hamcrest.Matchers.contains(2, 3));
    }
}
