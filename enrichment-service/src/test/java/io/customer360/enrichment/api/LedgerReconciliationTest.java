package io.customer360.enrichment.api;

import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static io.customer360.common.testing.TestTokens.ACME;
import static io.customer360.common.testing.TestTokens.token;
import static io.customer360.enrichment.testing.Billing.LEDGER;
import static io.customer360.enrichment.testing.Billing.json;
import static io.customer360.enrichment.testing.Billing.operator;
import static io.customer360.enrichment.testing.Billing.reader;
import static io.customer360.enrichment.testing.ProviderResponses.clearbitMatch;
import static io.customer360.enrichment.testing.ProviderResponses.openCorporatesSearch;
import static io.customer360.enrichment.testing.ProviderResponses.pdlEnrich;
import static io.customer360.enrichment.testing.ProviderResponses.placesMatch;
import static io.customer360.enrichment.testing.ProviderResponses.status;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.customer360.common.auth.Roles;
import io.customer360.common.testing.ProfileServiceResource;
import io.customer360.enrichment.testing.Billing;
import io.customer360.enrichment.testing.BurstTolerant;
import io.customer360.enrichment.testing.Customers;
import io.customer360.enrichment.testing.Ledgers;
import io.customer360.enrichment.testing.ProviderResponses;
import io.customer360.enrichment.testing.ProviderStubs;
import io.nats.client.Connection;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.PushSubscribeOptions;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * What a billing system reconciles, end to end: 60 concurrent enrichments of three customers against the free tier's
 * 50, with providers failing (People Data Labs always, OpenCorporates always, Clearbit and Google Places every other
 * call with no match), while an operator refunds every third line as it appears. Afterwards the units on the ledger
 * are the quota used, and the cost of the ledger's lines (paged), of the export (JSON and CSV), of the totals and of
 * the enrichment.usage messages on NATS (one per charge id) are the same to the cent.
 */
@QuarkusTest
@WithTestResource(ProfileServiceResource.class)
@WithTestResource(
        value = ProviderStubs.class,
        initArgs = {@ResourceArg(name = "timeout", value = "10s"), @ResourceArg(name = "breaker-volume", value = "1000")
        })
@TestProfile(BurstTolerant.class)
class LedgerReconciliationTest {

    private static final int ENRICHMENTS = 60;

    @TestHTTPResource("/")
    URI service;

    @Inject
    Pool pool;

    @Inject
    CircuitBreakerMaintenance breakers;

    @Test
    void unitsAreTheQuotaUsedAndLinesExportTotalsAndMessagesCostTheSame() throws Exception {
        ProviderStubs.resetAll();
        breakers.resetAll();
        Ledgers.clear(pool, ACME);
        List<String> customers = List.of(Customers.seeded(), Customers.seeded(), Customers.seeded());
        ProviderStubs.server("people-data-labs").stubFor(pdlEnrich().willReturn(status(500)));
        ProviderStubs.server("opencorporates").stubFor(openCorporatesSearch().willReturn(status(503)));
        ProviderStubs.server("hunter")
                .stubFor(com.github.tomakehurst.wiremock.client.WireMock.any(anyUrl())
                        .willReturn(status(404)));
        alternate("clearbit", ProviderResponses::clearbitFind, clearbitMatch(), status(404));
        alternate(
                "google-places",
                ProviderResponses::placesSearch,
                placesMatch(),
                ProviderResponses.json("{\"places\": []}"));
        String month = YearMonth.now(ZoneOffset.UTC).toString();
        ZonedDateTime start = ZonedDateTime.now(ZoneOffset.UTC).minusSeconds(1);

        HttpClient http = HttpClient.newHttpClient();
        String bearer = "Bearer " + token(ACME, Roles.VIEWER, Roles.EDITOR);
        List<CompletableFuture<HttpResponse<String>>> calls = IntStream.range(0, ENRICHMENTS)
                .mapToObj(i -> http.sendAsync(
                        HttpRequest.newBuilder(service.resolve(
                                        "/api/v1/enrichment/customers/" + customers.get(i % 3) + "/refresh"))
                                .header("Authorization", bearer)
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.noBody())
                                .build(),
                        HttpResponse.BodyHandlers.ofString()))
                .toList();

        // the operator refunds every third line it sees while the enrichments run, and once more after them
        Set<Long> refunded = new HashSet<>();
        long after = 0;
        boolean running = true;
        while (true) {
            boolean lastPass = !running;
            JsonNode page = json(reader(ACME)
                    .get(LEDGER + "?month=" + month + "&after=" + after + "&limit=20")
                    .then()
                    .statusCode(200)
                    .extract()
                    .asString());
            for (JsonNode line : page.path("lines")) {
                long chargeId = line.path("chargeId").asLong();
                if (line.path("status").asText().equals("charged") && chargeId % 3 == 0) {
                    operator(ACME)
                            .post(LEDGER + "/charges/" + chargeId + "/refund")
                            .then()
                            .statusCode(200);
                    refunded.add(chargeId);
                }
            }
            after = page.path("nextAfter").asLong();
            if (lastPass && !page.path("hasMore").asBoolean()) {
                break;
            }
            running = calls.stream().anyMatch(call -> !call.isDone());
        }
        Map<Integer, Long> statuses = calls.stream()
                .map(CompletableFuture::join)
                .collect(Collectors.groupingBy(HttpResponse::statusCode, Collectors.counting()));
        assertThat(statuses.keySet())
                .as("answers: charged, found nothing, or quota spent")
                .isSubsetOf(200, 429);

        List<JsonNode> lines = Billing.allLines(ACME, month, 17);
        JsonNode totals = json(reader(ACME)
                .get(LEDGER + "/totals?month=" + month)
                .then()
                .statusCode(200)
                .extract()
                .asString());
        JsonNode export = json(reader(ACME)
                .get(LEDGER + "/export?month=" + month + "&format=json")
                .then()
                .statusCode(200)
                .extract()
                .asString());
        String csv = reader(ACME)
                .get(LEDGER + "/export?month=" + month + "&format=csv")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        int quotaUsed = given().auth()
                .oauth2(token(ACME, Roles.VIEWER))
                .get("/api/v1/enrichment/quota")
                .then()
                .statusCode(200)
                .extract()
                .path("current");

        assertThat(refunded).as("refunds made").isNotEmpty();
        assertThat(lines)
                .filteredOn(line -> line.path("status").asText().equals("refunded"))
                .extracting(line -> line.path("refundOf").asLong())
                .containsExactlyInAnyOrderElementsOf(refunded);
        assertThat(ProviderStubs.server("people-data-labs").getAllServeEvents())
                .as("provider failures")
                .isNotEmpty();
        long charged =
                lines.stream().filter(line -> line.path("units").asInt() == 1).count();
        assertThat(charged).as("charged enrichments").isPositive();

        // units on the ledger = quota used
        long units =
                lines.stream().mapToLong(line -> line.path("units").asLong()).sum();
        assertThat(units).isEqualTo(quotaUsed).isEqualTo(totals.path("units").asLong());

        // cost: lines = export (JSON, CSV) = totals = NATS messages by charge id, to the cent
        BigDecimal lineCost = Billing.sum(lines, "cost");
        List<JsonNode> exported = new ArrayList<>();
        export.path("lines").forEach(exported::add);
        BigDecimal csvCost = csv.lines()
                .skip(1)
                .map(row -> new BigDecimal(row.split(",")[10]))
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(exported).hasSize(lines.size());
        assertThat(csv.lines().count()).isEqualTo(lines.size() + 1L);
        awaitOutboxSent();
        Map<Long, BigDecimal> messages = usageMessages(start);
        Set<Long> chargeIds =
                lines.stream().map(line -> line.path("chargeId").asLong()).collect(Collectors.toSet());
        assertThat(messages.keySet()).as("a message per line, by charge id").isEqualTo(chargeIds);
        BigDecimal messageCost = messages.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        for (BigDecimal cost : List.of(
                Billing.sum(exported, "cost"), csvCost, totals.path("cost").decimalValue(), messageCost)) {
            assertThat(cost).isEqualByComparingTo(lineCost);
            assertThat(cost.setScale(2, RoundingMode.HALF_UP)).isEqualTo(lineCost.setScale(2, RoundingMode.HALF_UP));
        }
        assertThat(totals.path("refundedCost").decimalValue())
                .isEqualByComparingTo(Billing.sum(
                        lines.stream()
                                .filter(line -> line.path("status").asText().equals("refunded"))
                                .toList(),
                        "cost"));
    }

    /** Every other call of the provider matches, the others answer {@code other}. */
    private static void alternate(
            String provider,
            Supplier<MappingBuilder> request,
            ResponseDefinitionBuilder match,
            ResponseDefinitionBuilder other) {
        String scenario = provider + "-alternating";
        ProviderStubs.server(provider)
                .stubFor(request.get()
                        .inScenario(scenario)
                        .whenScenarioStateIs(Scenario.STARTED)
                        .willReturn(match)
                        .willSetStateTo("other"));
        ProviderStubs.server(provider)
                .stubFor(request.get()
                        .inScenario(scenario)
                        .whenScenarioStateIs("other")
                        .willReturn(other)
                        .willSetStateTo(Scenario.STARTED));
    }

    private void awaitOutboxSent() {
        await().atMost(Duration.ofSeconds(60))
                .until(() -> pool.preparedQuery("""
                        SELECT count(*) AS unsent FROM enrichment_usage_outbox WHERE tenant = $1 AND sent_at IS NULL""")
                                .execute(Tuple.of(ACME))
                                .await()
                                .indefinitely()
                                .iterator()
                                .next()
                                .getLong("unsent")
                        == 0);
    }

    /** acme's enrichment.usage messages stored since {@code start}: cost by charge id (each charge id once). */
    private static Map<Long, BigDecimal> usageMessages(ZonedDateTime start) throws Exception {
        Map<Long, BigDecimal> costs = new LinkedHashMap<>();
        try (Connection nats = Nats.connect("nats://127.0.0.1:4222")) {
            JetStreamSubscription subscription = nats.jetStream()
                    .subscribe(
                            "test.enrichment.enrichment.usage.acme.>", // %test.mesh.nats.subject-prefix
                            PushSubscribeOptions.builder()
                                    .ordered(true)
                                    .configuration(ConsumerConfiguration.builder()
                                            .deliverPolicy(DeliverPolicy.ByStartTime)
                                            .startTime(start)
                                            .build())
                                    .build());
            for (Message message = subscription.nextMessage(Duration.ofSeconds(3));
                    message != null;
                    message = subscription.nextMessage(Duration.ofSeconds(3))) {
                JsonNode body = json(new String(message.getData(), StandardCharsets.UTF_8));
                long chargeId = body.path("chargeId").asLong();
                assertThat(message.getHeaders().getFirst("Nats-Msg-Id")).isEqualTo("acme:" + chargeId);
                assertThat(costs.put(chargeId, body.path("cost").decimalValue()))
                        .as("charge %s twice", chargeId)
                        .isNull();
            }
        }
        return costs;
    }
}
