package io.customer360.aggregator.testing;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.customer360.common.testing.TestTokens;
import io.restassured.response.Response;
import io.smallrye.jwt.build.Jwt;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * A console session of a person of a tenant with roles, signed in through the console's real authorization-code flow
 * against Quarkus' OIDC test server: a one-time code is registered with the test server (WireMock's admin API) to be
 * exchanged for an ID token naming the tenant and an access token with the roles ({@link TestTokens}), then the
 * console's callback is called with it as the provider would redirect the browser. Answers the session's cookies.
 */
public final class ConsoleSignIn {

    /** The console's public host in tests ({@code %test.aggregator.console.public-url}). */
    public static final String HOST = "console.test";

    private static final String CLIENT_ID = "c360-console";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ConsoleSignIn() {}

    public static Map<String, String> as(String tenant, String... roles) {
        String code = "code-" + UUID.randomUUID();
        registerCode(code, tenant, roles);
        Response page = given().redirects().follow(false).header("Host", HOST).get("/dashboard");
        if (page.statusCode() != 302) {
            throw new IllegalStateException("The console did not send to sign in: " + page.statusCode());
        }
        Map<String, String> login = query(URI.create(page.header("Location")));
        Map<String, String> cookies = new HashMap<>(page.cookies());
        URI callback = URI.create(login.get("redirect_uri"));
        Response back = given().redirects()
                .follow(false)
                .header("Host", HOST)
                .cookies(cookies)
                .queryParam("state", login.get("state"))
                .queryParam("code", code)
                .get(callback.getPath());
        if (back.statusCode() != 302) {
            throw new IllegalStateException(
                    "The callback refused the code: " + back.statusCode() + " " + back.asString());
        }
        cookies.putAll(back.cookies());
        return cookies;
    }

    /** The test server answers the code's exchange with tokens of this person. */
    private static void registerCode(String code, String tenant, String... roles) {
        String user = tenant + "-user";
        String idToken = Jwt.issuer(TestTokens.ISSUER)
                .audience(CLIENT_ID)
                .subject(user)
                .preferredUserName(user)
                .claim("org_id", tenant)
                .expiresIn(Duration.ofMinutes(10))
                .jws()
                .keyId("1")
                .sign();
        ObjectNode stub = JSON.createObjectNode().put("priority", 1);
        ObjectNode request = stub.putObject("request").put("method", "POST").put("url", "/auth/realms/quarkus/token");
        request.putArray("bodyPatterns").addObject().put("contains", "code=" + code);
        ObjectNode response = stub.putObject("response").put("status", 200);
        response.putObject("headers").put("Content-Type", "application/json");
        response.putObject("jsonBody")
                .put("access_token", TestTokens.token(tenant, roles))
                .put("id_token", idToken)
                .put("refresh_token", "refresh-" + code)
                .put("token_type", "Bearer")
                .put("expires_in", 600);
        String server = ConfigProvider.getConfig()
                .getValue("keycloak.url", String.class)
                .replaceFirst("/auth/?$", "");
        given().baseUri(server)
                .contentType("application/json")
                .body(stub.toString())
                .post("/__admin/mappings")
                .then()
                .statusCode(201);
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> params = new HashMap<>();
        for (String pair : uri.getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            params.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return params;
    }
}
