package io.customer360.mesh;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasSize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.customer360.common.testing.ServiceProcess;
import io.nats.client.Connection;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The 360 console in a real browser: Debian's headless Chromium driven by playwright-core
 * ({@code src/test/console/console-check.mjs}) against the four packaged services and the real Keycloak. People sign in
 * on Keycloak's own login page (authorization-code flow, client c360-console) and use the console as they would:
 * acme-viewer finds the troubled account by typing, opens it with the keyboard, sees its risks with their evidence in
 * the timeline and the sensitive note redacted; acme-analyst sees the note and refreshes the enrichment (a People Data
 * Labs stand-in answers, so fields, provenance and the quota change); globex-viewer finds nothing. Screenshots of
 * each page go to {@code target/console-screenshots/}.
 */
class ConsoleIT {

    private static final Path CHECK_DIR = Path.of("src/test/console").toAbsolutePath();
    private static final Path SCREENSHOTS =
            Path.of("target/console-screenshots").toAbsolutePath();
    private static final String CHROMIUM = System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** The console's port in this test: infra/keycloak/customer360-realm.json lists http://127.0.0.1:18080/console/callback. */
    private static final String CONSOLE_PORT = "18080";
    /** What the People Data Labs stand-in says about the troubled account's contact. */
    private static final String JOB_TITLE = "head of operations";

    private static HttpServer peopleDataLabs;
    private static final AtomicInteger PROVIDER_CALLS = new AtomicInteger();
    private static Mesh mesh;
    private static ConsoleSeed seed;

    @BeforeAll
    static void startMeshAndSeed() throws Exception {
        assertThat(Path.of(CHROMIUM))
                .as("Chromium (Debian package chromium; .ci/run installs it)")
                .isExecutable();
        NodeScripts.install(CHECK_DIR, "playwright-core");
        peopleDataLabs = peopleDataLabsStandIn();
        mesh = Mesh.start(Map.of(
                "enrichment",
                        Map.of(
                                "quarkus.rest-client.people-data-labs.url",
                                        "http://127.0.0.1:"
                                                + peopleDataLabs.getAddress().getPort(),
                                "enrichment.providers.people-data-labs.api-key", "console-it-key",
                                // People Data Labs is an optional addition to the default person chain
                                "enrichment.waterfall.person", "people-data-labs,clearbit,fullcontact,hunter"),
                // the realm lists the console's exact callback on this port (no loopback port is accepted by default)
                "aggregator",
                        Map.of(
                                "quarkus.oidc.console.credentials.secret",
                                consoleClientSecret(),
                                "quarkus.http.port",
                                CONSOLE_PORT)));
        try (Connection nats = SecuredNats.connect("partner-default")) {
            seed = ConsoleSeed.publish(nats, "");
        }
        String admin = Keycloak.token("acme-admin");
        // the seed's last events are in: both notes of the troubled account, the healthy account's resolved ticket
        await().atMost(WAIT).untilAsserted(() -> {
            given().auth()
                    .oauth2(admin)
                    .get(mesh.profile.baseUrl() + "/api/v1/customers/" + ConsoleSeed.TROUBLED + "/notes")
                    .then()
                    .statusCode(200)
                    .body("items", hasSize(2));
            given().auth()
                    .oauth2(admin)
                    .get(mesh.profile.baseUrl() + "/api/v1/customers/" + ConsoleSeed.HEALTHY + "/support")
                    .then()
                    .statusCode(200)
                    .body("openTickets", org.hamcrest.Matchers.equalTo(0));
        });
        // the first views after start may miss the providers' time budget (cold clients): warm them up, and let the
        // healthy account publish its health band for the dashboard
        String viewer = Keycloak.token("acme-viewer");
        for (String customer : List.of(ConsoleSeed.TROUBLED, ConsoleSeed.HEALTHY)) {
            await().atMost(WAIT)
                    .untilAsserted(() -> given().auth()
                            .oauth2(viewer)
                            .header("Cache-Control", "no-cache")
                            .get(mesh.aggregator.baseUrl() + "/api/v1/customer-360/" + customer)
                            .then()
                            .statusCode(200)
                            .body(
                                    "providers.findAll { it.value.status != 'ok' }.size()",
                                    org.hamcrest.Matchers.equalTo(0)));
        }
        await().atMost(WAIT)
                .untilAsserted(() -> given().auth()
                        .oauth2(viewer)
                        .get(mesh.profile.baseUrl() + "/api/v1/customers?healthBand=at_risk")
                        .then()
                        .statusCode(200)
                        .body("items.id", org.hamcrest.Matchers.hasItem(ConsoleSeed.TROUBLED)));
    }

    @AfterAll
    static void stop() {
        if (mesh != null) {
            mesh.close();
        }
        if (peopleDataLabs != null) {
            peopleDataLabs.stop(0);
        }
    }

    @Test
    void peopleUseTheConsoleInChromiumWithTheirRolesAndTenant() throws Exception {
        long started = System.nanoTime();
        NodeScripts.Result check = NodeScripts.run(
                CHECK_DIR,
                List.of(
                        "node",
                        "console-check.mjs",
                        "--url",
                        mesh.aggregator.baseUrl(),
                        "--customer",
                        ConsoleSeed.TROUBLED,
                        "--query",
                        ConsoleSeed.TROUBLED_NAME,
                        "--sensitive",
                        ConsoleSeed.SENSITIVE_NOTE,
                        "--screenshots",
                        SCREENSHOTS.toString(),
                        "--chromium",
                        CHROMIUM,
                        "--ingest",
                        mesh.ingest.baseUrl(),
                        "--keycloak",
                        Mesh.KEYCLOAK_URL),
                Map.of(),
                Duration.ofMinutes(3));
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
        JsonNode report;
        try {
            report = JSON.readTree(check.output());
        } catch (IOException unreadable) {
            throw new AssertionError(
                    "console-check.mjs printed no JSON (exit " + check.exitCode() + "): " + check.output());
        }
        assertThat(report.path("ok").asBoolean())
                .as("console-check.mjs: %s", report.path("error").asText())
                .isTrue();
        System.out.printf(
                "console: first render of the customer page %s ms (three loads in a row; parts %s); browser run %d s%n",
                report.at("/viewer/firstRenderMs"), report.at("/viewer/firstRenderParts"), seconds);

        signingIn(report);
        viewerFindsTheAccountAndSeesRisksWithTheNoteRedacted(report.path("viewer"));
        analystSeesTheNoteAndRefreshesTheEnrichment(report.path("editor"));
        anotherTenantFindsNothing(report.path("otherTenant"));
        screenshotsOfEveryPage(report);
        consoleAccessIsAudited();
    }

    private static void signingIn(JsonNode report) {
        JsonNode anonymous = report.path("unauthenticated");
        assertThat(anonymous.path("apiStatus").asInt())
                .as("the console's JSON without a session")
                .isEqualTo(499);
        assertThat(anonymous.path("pageStatus").asInt())
                .as("a page without a session")
                .isEqualTo(302);
        assertThat(anonymous.path("pageRedirect").asText())
                .startsWith(Mesh.KEYCLOAK_URL + "/realms/customer360/protocol/openid-connect/auth")
                .contains("client_id=c360-console")
                .contains("code_challenge_method=S256");
        List<JsonNode> steps = list(report.path("steps"));
        assertThat(texts(report.path("requestOrigins")))
                .as("no CDN, no external font: the console and Keycloak only")
                .containsExactlyInAnyOrder(mesh.aggregator.baseUrl(), Mesh.KEYCLOAK_URL);
        assertThat(steps)
                .filteredOn(step -> step.has("loginPage"))
                .extracting(step -> step.path("loginPage").asText())
                .containsOnly(Mesh.KEYCLOAK_URL);
        assertThat(steps)
                .filteredOn(step -> step.has("signedInAs"))
                .allSatisfy(step -> {
                    assertThat(step.path("signedInAs").asText())
                            .isEqualTo(step.path("user").asText());
                    assertThat(list(step.path("scriptErrors")))
                            .as("script errors of %s", step.path("user"))
                            .isEmpty();
                })
                .extracting(step -> step.path("user").asText())
                .containsExactly("acme-viewer", "acme-analyst", "globex-viewer");
    }

    private static void viewerFindsTheAccountAndSeesRisksWithTheNoteRedacted(JsonNode viewer) {
        assertThat(viewer.path("searchFocused").asBoolean())
                .as("the search box has the focus")
                .isTrue();
        assertThat(texts(viewer.path("results")))
                .as("typing '%s'", ConsoleSeed.TROUBLED_NAME.substring(0, 5))
                .contains(ConsoleSeed.TROUBLED_NAME)
                .doesNotContain(ConsoleSeed.HEALTHY_NAME);
        assertThat(texts(viewer.path("atRiskResults")))
                .as("health band at risk")
                .containsExactly(ConsoleSeed.TROUBLED_NAME);
        assertThat(texts(viewer.path("segmentResults")))
                .as("segment mid_market")
                .containsExactly(ConsoleSeed.HEALTHY_NAME);
        assertThat(viewer.path("pathAfterEnter").asText()).isEqualTo("/customers/" + ConsoleSeed.TROUBLED);
        assertThat(viewer.path("heading").asText()).isEqualTo(ConsoleSeed.TROUBLED_NAME);
        assertThat(viewer.path("exitState").asText()).isEqualTo("at_risk");
        assertThat(viewer.path("exitStateLabel").asText()).isEqualTo("Exit state: At risk");
        assertThat(viewer.path("healthScore").asText())
                .startsWith("Health score ")
                .endsWith("At risk");
        assertThat(list(viewer.path("dimensions"))).hasSize(5);
        // the P2 ticket and the overdue invoice triggered their skills as they arrived (issue 10)
        assertThat(texts(viewer.path("triggers"))).contains("support_ops/escalation_predictor", "dunning_automation");

        Map<String, JsonNode> risks = new java.util.HashMap<>();
        viewer.path("risks").forEach(risk -> risks.put(risk.path("type").asText(), risk));
        assertThat(risks).containsKeys("usage_decline", "support_escalation", "payment_issue", "engagement_drop");
        assertThat(texts(risks.get("support_escalation").path("evidence"))).contains(eventOf("escalation"));
        assertThat(texts(risks.get("payment_issue").path("evidence"))).contains(eventOf("overdue"));
        assertThat(texts(risks.get("engagement_drop").path("evidence"))).contains(eventOf("meeting"));
        assertThat(risks.values())
                .allSatisfy(risk -> assertThat(risk.path("evidence").size()).isPositive());
        String firstEvidence = viewer.at("/risks/0/evidence/0").asText();
        assertThat(viewer.path("highlightedEvent").asText())
                .as("the evidence link shows its event")
                .isEqualTo(firstEvidence);
        assertThat(viewer.path("highlightedFocused").asBoolean()).isTrue();
        assertThat(viewer.path("actions").size()).isBetween(1, 5);
        assertThat(viewer.path("opportunities").asInt()).isPositive();
        assertThat(viewer.path("narrative").asText()).startsWith(ConsoleSeed.TROUBLED_NAME);
        assertThat(viewer.path("stakeholders").asText()).contains("David Kim").contains("Jennifer Wu");
        assertThat(viewer.path("support").asText()).contains("TKT-1").contains("escalated");
        assertThat(viewer.path("subscription").asText()).contains("Overdue").contains("$180,000");
        assertThat(viewer.path("usage").asText()).contains("automations");
        // the seed's data is days old: support (24 h) and usage (48 h) are marked stale
        assertThat(texts(viewer.path("sectionMarkers"))).contains("support:Stale", "usage:Stale");

        // the sensitive note: redacted, and its text nowhere on the page
        assertThat(list(viewer.path("notes")))
                .filteredOn(note -> note.path("redacted").asBoolean())
                .hasSize(1);
        assertThat(viewer.path("notes").toString())
                .doesNotContain(ConsoleSeed.SENSITIVE_NOTE)
                .contains(ConsoleSeed.PLAIN_NOTE);
        assertThat(viewer.path("sensitiveTextShown").asBoolean()).isFalse();
        assertThat(viewer.path("redactionNotice").asText()).contains("1 sensitive note is hidden");
        assertThat(viewer.path("redactedTimelineEvents").asInt()).isEqualTo(1);
        assertThat(list(viewer.path("filteredTimeline")))
                .isNotEmpty()
                .allSatisfy(event -> assertThat(event.path("type").asText()).isEqualTo("note"))
                .anySatisfy(
                        event -> assertThat(event.path("redacted").asBoolean()).isTrue());

        // the enrichment panel: quota, the free tier's upgrade hint, no refresh without c360.editor
        assertThat(viewer.path("quota").asText()).isEqualTo("Used 0/50");
        assertThat(viewer.path("upgradeHint").asText())
                .contains("Social profiles")
                .contains("Upgrade to Pro");
        assertThat(viewer.path("refreshEnabled").asBoolean()).isFalse();

        assertThat(texts(viewer.path("assetUrls")))
                .isNotEmpty()
                .allSatisfy(url -> assertThat(url)
                        .matches(java.util.regex.Pattern.quote(mesh.aggregator.baseUrl())
                                + "/console/assets/[0-9a-f]{12}/[a-z]+\\.(js|css|svg)"));
        assertThat(viewer.path("assetCacheControl").asText()).contains("immutable");

        JsonNode dashboard = viewer.path("dashboard");
        assertThat(list(dashboard.path("charts")))
                .extracting(chart -> chart.path("id").asText())
                .containsExactly("chart-segments", "chart-interactions", "chart-health");
        assertThat(list(dashboard.path("charts"))).allSatisfy(chart -> {
            assertThat(chart.path("svg").asText()).isNotBlank();
            assertThat(chart.path("shapes").asInt()).isPositive();
        });
        assertThat(dashboard.at("/charts/0/svg").asText())
                .contains("Enterprise 1")
                .contains("Mid market 1");
        assertThat(dashboard.at("/charts/2/svg").asText()).contains("At risk 1");
        assertThat(texts(dashboard.path("kpis"))).contains("2Customers");
        assertThat(dashboard.path("recentActivity").asInt()).isPositive();

        assertThat(texts(viewer.path("recent"))).containsExactly("/customers/" + ConsoleSeed.TROUBLED);
        JsonNode keyboard = viewer.path("keyboard");
        assertThat(texts(keyboard.path("tabStops")))
                .startsWith("Skip to content", "Customer 360", "Find a customer", "Dashboard");
        assertThat(keyboard.path("skipLinkTarget").asText()).isEqualTo("main");
        assertThat(keyboard.path("slashFocusesSearch").asBoolean()).isTrue();
        assertThat(viewer.path("afterSignOut").asText())
                .as("signed out, the console asks Keycloak again")
                .isEqualTo(Mesh.KEYCLOAK_URL);
        // first render of the customer page (navigation start to the view drawn), three loads in a row: measured and
        // printed, never a pass/fail threshold (timings belong in BENCHMARKS.md, not in tests)
        List<Integer> renders =
                list(viewer.path("firstRenderMs")).stream().map(JsonNode::asInt).toList();
        assertThat(renders).hasSize(3).allSatisfy(ms -> assertThat(ms).isPositive());
    }

    private static void analystSeesTheNoteAndRefreshesTheEnrichment(JsonNode editor) {
        assertThat(editor.path("pathAfterSignIn").asText())
                .as("Keycloak sends the person back to the page asked for")
                .isEqualTo("/customers/" + ConsoleSeed.TROUBLED);
        assertThat(list(editor.path("notes")))
                .noneSatisfy(
                        note -> assertThat(note.path("redacted").asBoolean()).isTrue());
        assertThat(editor.path("notes").toString()).contains(ConsoleSeed.SENSITIVE_NOTE);
        assertThat(editor.path("redactionNotice").isNull()).isTrue();
        assertThat(editor.path("redactedTimelineEvents").asInt()).isZero();

        // live: the ticket opened through ingest while the page was open appeared without a reload
        assertThat(editor.path("liveIngestStatus").asInt()).isEqualTo(200);
        assertThat(editor.path("liveUpdates").asInt()).isPositive();
        assertThat(editor.path("liveStatus").asText()).startsWith("Updated");
        System.out.printf(
                "console: a ticket opened through ingest showed on the open page %s ms later%n",
                editor.path("liveUpdateMs").asText());

        assertThat(editor.path("refreshEnabled").asBoolean()).isTrue();
        assertThat(editor.path("quotaBefore").asText()).isEqualTo("Used 0/50");
        assertThat(editor.path("refreshMessage").asText())
                .startsWith("Refreshed:")
                .contains("fields on record");
        assertThat(editor.path("quotaAfter").asText()).isEqualTo("Used 1/50");
        assertThat(PROVIDER_CALLS.get()).isEqualTo(1);
        List<JsonNode> fields = list(editor.path("enrichmentFields"));
        assertThat(fields).isNotEmpty().allSatisfy(field -> {
            assertThat(field.path("provider").asText()).isEqualTo("people-data-labs");
            assertThat(field.path("confidence").asText()).isEqualTo("90 %");
            assertThat(field.path("age").asText()).startsWith("just now");
        });
        assertThat(fields)
                .anySatisfy(field -> assertThat(field.path("value").asText()).isEqualTo(JOB_TITLE));
    }

    private static void anotherTenantFindsNothing(JsonNode other) {
        assertThat(other.path("finderText").asText())
                .isEqualTo("No customers match “" + ConsoleSeed.TROUBLED_NAME + "”.");
        assertThat(other.path("resultRows").asInt()).isZero();
        assertThat(other.path("mentionsText").asText()).contains("No timeline entries or notes mention it");
        assertThat(other.path("customerHeading").asText()).isEqualTo("Customer not found");
        assertThat(other.path("pageText").asText())
                .doesNotContain(ConsoleSeed.TROUBLED_NAME)
                .doesNotContain(ConsoleSeed.TROUBLED_EMAIL)
                .doesNotContain(ConsoleSeed.SENSITIVE_NOTE);
        for (JsonNode call : other.path("api")) {
            String path = call.path("path").asText();
            // search answers echo the query itself; everything else must be free of the account
            String body = call.path("body").asText().replace("\"query\":\"" + ConsoleSeed.TROUBLED_NAME + "\"", "");
            assertThat(body)
                    .as(path)
                    .doesNotContain(ConsoleSeed.TROUBLED_NAME)
                    .doesNotContain(ConsoleSeed.TROUBLED_EMAIL)
                    .doesNotContain(ConsoleSeed.HEALTHY_NAME);
            if (path.matches("/console/api/customers/[^/?]+(/timeline)?")) {
                assertThat(call.path("status").asInt()).as(path).isEqualTo(404);
            } else {
                assertThat(call.path("status").asInt()).as(path).isEqualTo(200);
            }
            if (path.endsWith("/details")) {
                assertThat(body).as(path).contains("\"profile\":{\"status\":\"missing\"}");
            }
            if (path.endsWith("/enrichment")) {
                assertThat(body).as(path).contains("\"enrichment\":{\"status\":\"missing\"}");
            }
        }
        assertThat(list(other.path("hostile")))
                .isNotEmpty()
                .allSatisfy(call -> assertThat(call.path("status").asInt())
                        .as(call.path("path").asText())
                        .isLessThan(500));
        assertThat(other.path("refreshWithoutScriptHeader").asInt())
                .as("a POST another site could send")
                .isEqualTo(403);
    }

    private static void screenshotsOfEveryPage(JsonNode report) throws IOException {
        List<String> files = texts(report.path("screenshots"));
        assertThat(files)
                .extracting(file -> Path.of(file).getFileName().toString())
                .contains(
                        "keycloak-sign-in.png",
                        "viewer-finder-search.png",
                        "viewer-customer.png",
                        "viewer-dashboard.png",
                        "editor-customer-enriched.png",
                        "other-tenant-finder.png",
                        "other-tenant-customer.png");
        for (String file : files) {
            assertThat(Files.size(Path.of(file))).as(file).isGreaterThan(5_000);
        }
    }

    /** The console's views are audited like the API's, with channel console and the person's name. */
    private static void consoleAccessIsAudited() {
        String admin = Keycloak.token("acme-admin");
        await().atMost(WAIT).untilAsserted(() -> {
            List<Map<String, Object>> rows = given().auth()
                    .oauth2(admin)
                    .get(mesh.aggregator.baseUrl() + "/api/v1/views/audit?customerId=" + ConsoleSeed.TROUBLED
                            + "&limit=100")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath()
                    .getList("items");
            assertThat(rows).anySatisfy(row -> {
                assertThat(row.get("channel")).isEqualTo("console");
                assertThat(row.get("subject")).isEqualTo("acme-viewer");
                assertThat(row.get("redactions")).isEqualTo("notes:1");
            });
            assertThat(rows).anySatisfy(row -> {
                assertThat(row.get("channel")).isEqualTo("console");
                assertThat(row.get("subject")).isEqualTo("acme-analyst");
            });
        });
    }

    private static String eventOf(String what) {
        return seed.eventIds.entrySet().stream()
                .filter(e -> e.getValue().equals(what))
                .findFirst()
                .orElseThrow()
                .getKey();
    }

    /** People Data Labs' person enrichment as its documentation shows it, for the one contact of the seed. */
    private static HttpServer peopleDataLabsStandIn() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        byte[] match = """
                {"status": 200, "likelihood": 9, "data": {"full_name": "peter gibbons", "job_title": "%s",
                  "job_company_name": "initech", "industry": "financial services", "location_name": "austin, texas, united states",
                  "linkedin_url": "linkedin.com/in/peter-gibbons"}}""".formatted(JOB_TITLE).getBytes(StandardCharsets.UTF_8);
        server.createContext("/v5/person/enrich", exchange -> {
            PROVIDER_CALLS.incrementAndGet();
            boolean keyed = "console-it-key".equals(exchange.getRequestHeaders().getFirst("X-Api-Key"));
            byte[] body = keyed ? match : "{\"status\": 401}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(keyed ? 200 : 401, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return server;
    }

    /** The c360-console client's secret, from the realm file Keycloak imported. */
    private static String consoleClientSecret() throws IOException {
        JsonNode realm = JSON.readTree(ServiceProcess.projectRoot()
                .resolve("infra/keycloak/customer360-realm.json")
                .toFile());
        return StreamSupport.stream(realm.path("clients").spliterator(), false)
                .filter(client -> client.path("clientId").asText().equals("c360-console"))
                .findFirst()
                .orElseThrow()
                .path("secret")
                .asText();
    }

    private static List<JsonNode> list(JsonNode array) {
        List<JsonNode> items = new ArrayList<>();
        array.forEach(items::add);
        return items;
    }

    private static List<String> texts(JsonNode array) {
        return list(array).stream().map(JsonNode::asText).toList();
    }
}
