package io.customer360.enrichment.api;

import static io.customer360.common.testing.TestTokens.token;
import static io.customer360.enrichment.testing.Billing.LEDGER;
import static io.customer360.enrichment.testing.Billing.json;
import static io.customer360.enrichment.testing.Billing.operator;
import static io.customer360.enrichment.testing.Billing.reader;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import io.customer360.common.auth.Roles;
import io.customer360.common.testing.ProfileServiceResource;
import io.customer360.common.testing.TestTokens;
import io.customer360.enrichment.service.usage.ChargedCall;
import io.customer360.enrichment.service.usage.LedgerCsv;
import io.customer360.enrichment.service.usage.LedgerLine;
import io.customer360.enrichment.service.usage.LedgerMonthCloser;
import io.customer360.enrichment.service.usage.UsageLedger;
import io.customer360.enrichment.testing.Billing;
import io.customer360.enrichment.testing.ProviderStubs;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The ledger's API as a billing job uses it: pages that resume after a charge id, an export without a totals row,
 * totals, months that close (by an operator or by themselves) and never change after, refunds of a closed month as
 * adjustments of the current one, and bad input answered with a problem naming the field. Lines are written through
 * {@link UsageLedger} for tenants of each test's own (the enrichment flow that writes them is EnrichmentFlowTest's
 * and LedgerReconciliationTest's).
 */
@QuarkusTest
@WithTestResource(ProfileServiceResource.class)
@WithTestResource(ProviderStubs.class)
class LedgerResourceTest {

    private static final String PROBLEM_JSON = "application/problem+json";
    private static final ChargedCall PDL = new ChargedCall("people-data-labs", "person", new BigDecimal("0.2800"));
    private static final ChargedCall PLACES = new ChargedCall("google-places", "business", new BigDecimal("0.0320"));
    private static final ChargedCall OPENCORPORATES =
            new ChargedCall("opencorporates", "business", new BigDecimal("0.0000"));

    @Inject
    UsageLedger ledger;

    @Inject
    LedgerMonthCloser closer;

    @Inject
    Pool pool;

    private final YearMonth thisMonth = YearMonth.now(ZoneOffset.UTC);

    private List<LedgerLine> charge(String tenant, YearMonth month, String customer, ChargedCall... calls) {
        return ledger.charge(tenant, month, customer, List.of(calls)).await().indefinitely();
    }

    @Test
    void pagesResumeAfterTheLastChargeIdAndTheExportHoldsTheSameLinesWithoutTotals() {
        String tenant = Billing.freshTenant();
        charge(tenant, thisMonth, "cus_1", PDL, PLACES, OPENCORPORATES);
        charge(tenant, thisMonth, "cus_2", PDL);
        charge(tenant, thisMonth, "cus,\"3\"", PLACES, OPENCORPORATES);

        JsonNode first = json(reader(tenant)
                .get(LEDGER + "?month=" + thisMonth + "&limit=2")
                .then()
                .statusCode(200)
                .extract()
                .asString());
        assertThat(first.path("lines").findValues("chargeId"))
                .extracting(JsonNode::asLong)
                .containsExactly(1L, 2L);
        assertThat(first.path("hasMore").asBoolean()).isTrue();
        assertThat(first.path("nextAfter").asLong()).isEqualTo(2);
        assertThat(first.path("closed").asBoolean()).isFalse();
        reader(tenant)
                .get(LEDGER + "?month=" + thisMonth + "&after=2&limit=3")
                .then()
                .statusCode(200)
                .body("lines.chargeId", contains(3, 4, 5))
                .body("hasMore", equalTo(true))
                .body("nextAfter", equalTo(5));
        // caught up: an empty page keeps the position, so a job that polls again asks for what comes after it
        reader(tenant)
                .get(LEDGER + "?month=" + thisMonth + "&after=6")
                .then()
                .statusCode(200)
                .body("lines.size()", equalTo(0))
                .body("hasMore", equalTo(false))
                .body("nextAfter", equalTo(6));

        List<JsonNode> paged = Billing.allLines(tenant, thisMonth.toString(), 1);
        assertThat(paged).extracting(line -> line.path("chargeId").asLong()).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(paged)
                .extracting(line -> line.path("enrichmentId").asLong())
                .containsExactly(1L, 1L, 1L, 4L, 5L, 5L);
        assertThat(paged).extracting(line -> line.path("units").asInt()).containsExactly(1, 0, 0, 1, 1, 0);
        assertThat(paged.get(0).path("unitCost").decimalValue()).isEqualByComparingTo("0.28");
        assertThat(paged.get(0).path("tenant").asText()).isEqualTo(tenant);
        assertThat(paged.get(0).path("customerId").asText()).isEqualTo("cus_1");
        assertThat(paged.get(0).path("currency").asText()).isEqualTo("USD");
        assertThat(paged.get(0).path("status").asText()).isEqualTo("charged");
        assertThat(paged.get(0).path("occurredAt").asText()).endsWith("Z");

        JsonNode export = json(reader(tenant)
                .get(LEDGER + "/export?month=" + thisMonth)
                .then()
                .statusCode(200)
                .contentType("application/json")
                .extract()
                .asString());
        assertThat(export.path("lines")).containsExactlyElementsOf(paged);
        assertThat(export.has("totals")).isFalse();

        String csv = reader(tenant)
                .get(LEDGER + "/export?month=" + thisMonth + "&format=csv")
                .then()
                .statusCode(200)
                .contentType("text/csv")
                .header("Content-Disposition", containsString(tenant + "-" + thisMonth + ".csv"))
                .extract()
                .asString();
        String[] rows = csv.split("\r\n");
        assertThat(rows).hasSize(7);
        assertThat(rows[0]).isEqualTo(LedgerCsv.HEADER);
        assertThat(rows[1])
                .startsWith("1,")
                .contains("," + tenant + "," + thisMonth
                        + ",cus_1,1,people-data-labs,person,1,0.2800,0.2800,USD,charged,,");
        assertThat(rows[5]).contains(",\"cus,\"\"3\"\"\",5,google-places,business,1,0.0320,0.0320,USD,charged,,");
        assertThat(List.of(rows).subList(1, 7))
                .extracting(row -> row.substring(0, row.indexOf(',')))
                .containsExactly("1", "2", "3", "4", "5", "6");

        JsonNode totals = json(reader(tenant)
                .get(LEDGER + "/totals?month=" + thisMonth)
                .then()
                .statusCode(200)
                .extract()
                .asString());
        assertThat(totals.path("lines").asLong()).isEqualTo(6);
        assertThat(totals.path("units").asLong()).isEqualTo(3);
        assertThat(totals.path("cost").decimalValue())
                .isEqualByComparingTo("0.6240")
                .isEqualByComparingTo(Billing.sum(paged, "cost"));
        assertThat(totals.path("refundedCost").decimalValue()).isEqualByComparingTo("0");
        assertThat(totals.path("closed").asBoolean()).isFalse();
        assertThat(totals.path("providers").findValues("provider"))
                .extracting(JsonNode::asText)
                .containsExactly("google-places", "opencorporates", "people-data-labs");
    }

    @Test
    void aClosedMonthNeverChangesAndLaterCorrectionsAreAdjustmentsOfTheMonthTheyAreMadeIn() {
        String tenant = Billing.freshTenant();
        YearMonth past = thisMonth.minusMonths(2);
        List<LedgerLine> lines = charge(tenant, past, "cus_1", PDL, PLACES);
        charge(tenant, past, "cus_2", PDL);
        operator(tenant)
                .post(LEDGER + "/months/" + past + "/close")
                .then()
                .statusCode(200)
                .body("closed", equalTo(true))
                .body("month", equalTo(past.toString()))
                .body("lines", equalTo(3))
                .body("units", equalTo(2));
        String totalsAtClose = reader(tenant)
                .get(LEDGER + "/totals?month=" + past)
                .then()
                .statusCode(200)
                .extract()
                .asString();
        String exportAtClose = reader(tenant)
                .get(LEDGER + "/export?month=" + past + "&format=csv")
                .then()
                .statusCode(200)
                .extract()
                .asString();

        JsonNode refund = json(operator(tenant)
                .post(LEDGER + "/charges/" + lines.get(0).chargeId() + "/refund")
                .then()
                .statusCode(200)
                .extract()
                .asString());
        assertThat(refund.path("chargeId").asLong()).isEqualTo(4);
        assertThat(refund.path("status").asText()).isEqualTo("refunded");
        assertThat(refund.path("refundOf").asLong()).isEqualTo(lines.get(0).chargeId());
        assertThat(refund.path("month").asText()).isEqualTo(thisMonth.toString());
        assertThat(refund.path("usageMonth").asText()).isEqualTo(past.toString());
        assertThat(refund.path("units").asInt()).isEqualTo(-1);
        assertThat(refund.path("cost").decimalValue()).isEqualByComparingTo("-0.28");
        // an enrichment that took a unit of the closed month lands in the current month too
        List<LedgerLine> late = charge(tenant, past, "cus_3", PLACES);
        assertThat(late)
                .extracting(LedgerLine::month, LedgerLine::usageMonth)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(thisMonth.toString(), past.toString()));

        reader(tenant)
                .get(LEDGER + "/totals?month=" + past)
                .then()
                .statusCode(200)
                .body(equalTo(totalsAtClose));
        reader(tenant)
                .get(LEDGER + "/export?month=" + past + "&format=csv")
                .then()
                .statusCode(200)
                .body(equalTo(exportAtClose));
        reader(tenant)
                .get(LEDGER + "?month=" + thisMonth)
                .then()
                .statusCode(200)
                .body("lines.chargeId", contains(4, 5))
                .body("lines.status", contains("refunded", "charged"));
        reader(tenant)
                .get(LEDGER + "/totals?month=" + thisMonth)
                .then()
                .statusCode(200)
                .body("units", equalTo(0))
                .body("cost", equalTo(-0.248f))
                .body("refundedCost", equalTo(-0.28f))
                .body("closed", equalTo(false));

        operator(tenant)
                .post(LEDGER + "/charges/" + lines.get(0).chargeId() + "/refund")
                .then()
                .statusCode(409)
                .contentType(PROBLEM_JSON)
                .body("detail", containsString("refunded already"));
        operator(tenant)
                .post(LEDGER + "/charges/4/refund")
                .then()
                .statusCode(409)
                .contentType(PROBLEM_JSON)
                .body("detail", containsString("is a refund"));
        operator(tenant)
                .post(LEDGER + "/charges/99/refund")
                .then()
                .statusCode(404)
                .contentType(PROBLEM_JSON);
        operator(tenant)
                .post(LEDGER + "/months/" + past + "/close")
                .then()
                .statusCode(200)
                .body(equalTo(totalsAtClose));
        // whoever writes: the database refuses a line into, or the removal of a line from, a closed month
        assertThatThrownBy(() -> pool.preparedQuery("""
                        INSERT INTO enrichment_ledger (tenant, charge_id, enrichment_id, month, usage_month, customer_id,
                            provider, data_type, units, unit_cost, cost, currency, status)
                        VALUES ($1, 100, 100, $2, $2, 'cus_x', 'hunter', 'person', 1, 0.01, 0.01, 'USD', 'charged')""")
                        .execute(Tuple.of(tenant, past.atDay(1)))
                        .await()
                        .indefinitely())
                .hasMessageContaining("closed");
        assertThatThrownBy(() -> pool.preparedQuery("DELETE FROM enrichment_ledger WHERE tenant = $1 AND month = $2")
                        .execute(Tuple.of(tenant, past.atDay(1)))
                        .await()
                        .indefinitely())
                .hasMessageContaining("closed");
    }

    @Test
    void monthsCloseByThemselvesTheConfiguredDaysAfterTheyEndOnceWhateverTheReplicas() {
        String tenant = Billing.freshTenant();
        YearMonth older = thisMonth.minusMonths(3);
        YearMonth newer = thisMonth.minusMonths(2);
        charge(tenant, older, "cus_1", PDL);
        charge(tenant, newer, "cus_1", PDL);
        // five days (the default) after the end of the month, not a second earlier
        assertThat(closer.closesAt(older))
                .isEqualTo(older.plusMonths(1).atDay(6).atStartOfDay().toInstant(ZoneOffset.UTC));

        List<UsageLedger.TenantMonth> early =
                closer.closeDue(closer.closesAt(older).minusSeconds(1)).await().indefinitely();
        assertThat(early).noneMatch(closed -> closed.tenant().equals(tenant));
        reader(tenant).get(LEDGER + "/totals?month=" + older).then().body("closed", equalTo(false));

        // two replicas at once: each month closes once
        List<List<UsageLedger.TenantMonth>> replicas = Uni.join()
                .all(closer.closeDue(closer.closesAt(older)), closer.closeDue(closer.closesAt(older)))
                .andFailFast()
                .await()
                .indefinitely();
        List<UsageLedger.TenantMonth> closedNow = new ArrayList<>();
        replicas.forEach(closedNow::addAll);
        assertThat(closedNow)
                .filteredOn(closed -> closed.tenant().equals(tenant))
                .containsExactly(new UsageLedger.TenantMonth(tenant, older));
        reader(tenant)
                .get(LEDGER + "/totals?month=" + older)
                .then()
                .body("closed", equalTo(true))
                .body("units", equalTo(1));
        reader(tenant).get(LEDGER + "/totals?month=" + newer).then().body("closed", equalTo(false));
        assertThat(pool.preparedQuery("SELECT closed_by FROM enrichment_ledger_closed_months WHERE tenant = $1")
                        .execute(Tuple.of(tenant))
                        .await()
                        .indefinitely()
                        .iterator()
                        .next()
                        .getString("closed_by"))
                .isEqualTo("schedule");
    }

    @Test
    void badInputIsA400NamingTheField() {
        String tenant = Billing.freshTenant();
        String next = thisMonth.plusMonths(1).toString();
        Map<String, String> refused = new java.util.LinkedHashMap<>();
        for (String month :
                List.of("", "2026-13", "2026-1", "26-01", "abcd-ef", "2026-00", "1999-12", "12026-01", next)) {
            refused.put(LEDGER + "?month=" + month, "month");
            refused.put(LEDGER + "/export?month=" + month, "month");
            refused.put(LEDGER + "/totals?month=" + month, "month");
        }
        refused.put(LEDGER, "month");
        for (String after : List.of("x", "-1", "1.5", "1e3", "9999999999999999999", "0x10")) {
            refused.put(LEDGER + "?month=" + thisMonth + "&after=" + after, "after");
        }
        for (String limit : List.of("0", "501", "x", "-5", "2.5")) {
            refused.put(LEDGER + "?month=" + thisMonth + "&limit=" + limit, "limit");
        }
        refused.put(LEDGER + "/export?month=" + thisMonth + "&format=xml", "format");
        refused.forEach((path, field) -> reader(tenant)
                .get(path)
                .then()
                .statusCode(400)
                .contentType(PROBLEM_JSON)
                .body("violations.field", contains(field)));
        reader(tenant).get(LEDGER + "?month=" + next).then().body("detail", containsString("has not started"));

        operator(tenant)
                .post(LEDGER + "/months/" + next + "/close")
                .then()
                .statusCode(400)
                .contentType(PROBLEM_JSON)
                .body("violations.field", contains("month"));
        operator(tenant)
                .post(LEDGER + "/months/2026-13/close")
                .then()
                .statusCode(400)
                .body("violations.field", contains("month"));
        operator(tenant)
                .post(LEDGER + "/months/" + thisMonth + "/close")
                .then()
                .statusCode(409)
                .contentType(PROBLEM_JSON)
                .body("detail", containsString("has not ended"));
        operator(tenant)
                .post(LEDGER + "/charges/abc/refund")
                .then()
                .statusCode(400)
                .contentType(PROBLEM_JSON)
                .body("violations.field", contains("chargeId"));
        operator(tenant)
                .post(LEDGER + "/charges/0/refund")
                .then()
                .statusCode(400)
                .body("violations.field", contains("chargeId"));
        operator(tenant)
                .post(LEDGER + "/charges/12/refund")
                .then()
                .statusCode(404)
                .contentType(PROBLEM_JSON);
    }

    @Test
    void readingNeedsBillingReaderAndClosingOrRefundingNeedsOperator() {
        String tenant = Billing.freshTenant();
        charge(tenant, thisMonth.minusMonths(1), "cus_1", PDL);
        for (String path : List.of(
                LEDGER + "?month=" + thisMonth,
                LEDGER + "/export?month=" + thisMonth,
                LEDGER + "/totals?month=" + thisMonth)) {
            given().auth()
                    .oauth2(token(tenant, Roles.VIEWER, Roles.ADMIN, Roles.OPERATOR))
                    .get(path)
                    .then()
                    .statusCode(403)
                    .contentType(PROBLEM_JSON);
            given().get(path).then().statusCode(401).contentType(PROBLEM_JSON);
        }
        reader(tenant)
                .post(LEDGER + "/months/" + thisMonth.minusMonths(1) + "/close")
                .then()
                .statusCode(403)
                .contentType(PROBLEM_JSON);
        given().auth()
                .oauth2(token(tenant, Roles.ADMIN))
                .post(LEDGER + "/charges/1/refund")
                .then()
                .statusCode(403)
                .contentType(PROBLEM_JSON);
        reader(tenant)
                .get(LEDGER + "/totals?month=" + thisMonth.minusMonths(1))
                .then()
                .statusCode(200)
                .body("closed", equalTo(false))
                .body("lines", equalTo(1));
    }

    @Test
    void theOpenApiDocumentNamesEachLedgerOperationItsSchemasAndProblems() {
        JsonNode paths = json(given().get("/q/openapi?format=json")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString())
                .path("paths");
        Map<String, String> operations = Map.of(
                LEDGER,
                "get:listLedgerLines",
                LEDGER + "/export",
                "get:exportLedgerMonth",
                LEDGER + "/totals",
                "get:getLedgerTotals",
                LEDGER + "/months/{month}/close",
                "post:closeLedgerMonth",
                LEDGER + "/charges/{chargeId}/refund",
                "post:refundLedgerLine");
        operations.forEach((path, operation) -> {
            JsonNode op = paths.path(path).path(operation.substring(0, operation.indexOf(':')));
            assertThat(op.path("operationId").asText())
                    .as(path)
                    .isEqualTo(operation.substring(operation.indexOf(':') + 1));
            for (String status : List.of("400", "401", "403")) {
                assertThat(op.path("responses").path(status).path("content").has(PROBLEM_JSON))
                        .as(path + " " + status)
                        .isTrue();
            }
        });
        assertThat(paths.path(LEDGER)
                        .path("get")
                        .path("responses")
                        .path("200")
                        .path("content")
                        .path("application/json")
                        .path("schema")
                        .path("$ref")
                        .asText())
                .endsWith("/LedgerPage");
        assertThat(paths.path(LEDGER + "/export")
                        .path("get")
                        .path("responses")
                        .path("200")
                        .path("content")
                        .has("text/csv"))
                .isTrue();
    }

    @Test
    void theBillingServiceAccountNamesTheTenantOfEachCall() {
        String billing = TestTokens.serviceAccountToken("c360-billing", Roles.BILLING_READER, Roles.OPERATOR);
        given().auth()
                .oauth2(billing)
                .header("C360-Tenant", TestTokens.ACME)
                .get(LEDGER + "/totals?month=" + thisMonth)
                .then()
                .statusCode(200)
                .body("tenant", equalTo(TestTokens.ACME))
                .body("month", equalTo(thisMonth.toString()));
        given().auth()
                .oauth2(billing)
                .header("C360-Tenant", TestTokens.GLOBEX)
                .get(LEDGER + "?month=" + thisMonth)
                .then()
                .statusCode(200)
                .body("tenant", equalTo(TestTokens.GLOBEX));
        given().auth()
                .oauth2(billing)
                .get(LEDGER + "/totals?month=" + thisMonth)
                .then()
                .statusCode(400)
                .contentType(PROBLEM_JSON)
                .body("violations.field", contains("tenant"));
        // a tenant's own reader cannot name another tenant
        given().auth()
                .oauth2(token(TestTokens.ACME, Roles.BILLING_READER))
                .header("C360-Tenant", TestTokens.GLOBEX)
                .get(LEDGER + "/totals?month=" + thisMonth)
                .then()
                .statusCode(400)
                .contentType(PROBLEM_JSON)
                .body("violations.field", contains("C360-Tenant"));
    }
}
