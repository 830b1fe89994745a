package io.customer360.aggregator.api.console;

import static io.customer360.common.testing.TestTokens.ACME;
import static io.customer360.common.testing.TestTokens.token;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import io.customer360.common.auth.Roles;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.response.Response;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The console's session against Quarkus' OIDC test server (authorization-code flow, user alice): the session cookie
 * authenticates the console's own paths only, bearer tokens the APIs and /mcp only, and every redirect the console
 * makes is built from its configured public URL ({@code http://console.test} in tests), whatever Host a request names.
 */
@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
class ConsoleSessionTest {

    private static final String PUBLIC_HOST = "console.test";
    private static final String CALLBACK = "http://console.test/console/callback";
    private static final String PROBLEM_JSON = "application/problem+json";

    private static Map<String, String> session;

    @BeforeEach
    void signIn() {
        if (session == null) {
            session = signInAsAlice();
        }
    }

    /** The code flow as a browser runs it: the console, the provider's login, the callback, back to the page. */
    private static Map<String, String> signInAsAlice() {
        Response page =
                given().redirects().follow(false).header("Host", PUBLIC_HOST).get("/dashboard");
        assertThat(page.statusCode()).isEqualTo(302);
        URI login = URI.create(page.header("Location"));
        Map<String, String> query = query(login);
        assertThat(query.get("redirect_uri")).isEqualTo(CALLBACK);
        Map<String, String> cookies = new HashMap<>(page.cookies());

        Response provider = given().redirects()
                .follow(false)
                .baseUri(login.getScheme() + "://" + login.getAuthority())
                .queryParam("state", query.get("state"))
                .queryParam("redirect_uri", query.get("redirect_uri"))
                .get("/login");
        URI back = URI.create(provider.header("Location"));
        assertThat(back.getPath()).isEqualTo("/console/callback");

        Response callback = given().redirects()
                .follow(false)
                .header("Host", PUBLIC_HOST)
                .cookies(cookies)
                .urlEncodingEnabled(false)
                .get(back.getRawPath() + "?" + back.getRawQuery());
        assertThat(callback.statusCode())
                .as("callback: %s", callback.asString())
                .isEqualTo(302);
        assertThat(URI.create(callback.header("Location")).getPath())
                .as("the page asked for")
                .isEqualTo("/dashboard");
        cookies.putAll(callback.cookies());
        assertThat(cookies.keySet()).anyMatch(name -> name.startsWith("q_session_console"));
        return cookies;
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> params = new HashMap<>();
        for (String pair : uri.getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            params.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return params;
    }

    @Test
    void theSessionAuthenticatesTheConsolesOwnPaths() {
        // alice has no org_id: signed in, yet refused a tenant (403), not sent to sign in (499)
        given().header("Host", PUBLIC_HOST)
                .header("X-Requested-With", "JavaScript")
                .cookies(session)
                .get("/console/api/me")
                .then()
                .statusCode(403)
                .contentType(PROBLEM_JSON)
                .body("detail", containsString("org_id"));
    }

    @Test
    void theSessionCookieAloneIsNoCredentialOnTheApisOrMcp() {
        given().cookies(session)
                .get("/api/v1/views/insights/accuracy")
                .then()
                .statusCode(401)
                .contentType(PROBLEM_JSON);
        given().cookies(session).get("/api/v1/customer-360/cust_1").then().statusCode(401);
        given().cookies(session)
                .contentType("application/json")
                .accept("application/json, text/event-stream")
                .body(
                        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
                                + "\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}")
                .post("/mcp")
                .then()
                .statusCode(401);
    }

    @Test
    void withBothTheBearerTokenDecidesOnTheApis() {
        // alice (the cookie) has no c360.viewer: a 200 means the bearer token was the credential
        given().cookies(session)
                .auth()
                .oauth2(token(ACME, Roles.VIEWER))
                .get("/api/v1/views/insights/accuracy")
                .then()
                .statusCode(200);
        given().cookies(session)
                .auth()
                .oauth2(token(ACME, Roles.EVENTS_WRITER))
                .get("/api/v1/views/insights/accuracy")
                .then()
                .statusCode(403);
    }

    @Test
    void aBearerTokenIsNoCredentialOnTheConsole() {
        given().header("Host", PUBLIC_HOST)
                .header("X-Requested-With", "JavaScript")
                .auth()
                .oauth2(token(ACME, Roles.VIEWER))
                .get("/console/api/me")
                .then()
                .statusCode(499);
        given().redirects()
                .follow(false)
                .header("Host", PUBLIC_HOST)
                .auth()
                .oauth2(token(ACME, Roles.VIEWER))
                .get("/")
                .then()
                .statusCode(302);
    }

    @Test
    void aForgedHostIsSentToThePublicUrlBeforeAnyRedirectIsBuilt() {
        for (String host :
                new String[] {"evil.example", "evil.example:80", "console.test.evil.example", "127.0.0.1:1"}) {
            Response answer =
                    given().redirects().follow(false).header("Host", host).get("/customers/cust_1?tab=notes");
            assertThat(answer.statusCode()).as(host).isEqualTo(307);
            assertThat(answer.header("Location")).as(host).isEqualTo("http://console.test/customers/cust_1?tab=notes");
        }
        // a forwarded host is not trusted either
        Response page = given().redirects()
                .follow(false)
                .header("Host", PUBLIC_HOST)
                .header("X-Forwarded-Host", "evil.example")
                .header("Forwarded", "host=evil.example")
                .get("/");
        assertThat(page.statusCode()).isEqualTo(302);
        assertThat(query(URI.create(page.header("Location"))).get("redirect_uri"))
                .isEqualTo(CALLBACK);
        // signed in, the forged host still gets no redirect of its own (sign-out included)
        Response logout = given().redirects()
                .follow(false)
                .header("Host", "evil.example")
                .cookies(session)
                .get("/console/logout");
        assertThat(logout.statusCode()).isEqualTo(307);
        assertThat(logout.header("Location")).isEqualTo("http://console.test/console/logout");
    }

    @Test
    void theApisIgnoreTheHost() {
        given().header("Host", "evil.example")
                .auth()
                .oauth2(token(ACME, Roles.VIEWER))
                .get("/api/v1/views/insights/accuracy")
                .then()
                .statusCode(200);
    }
}
