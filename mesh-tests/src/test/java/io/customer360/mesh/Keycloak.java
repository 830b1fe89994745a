package io.customer360.mesh;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/**
 * Real access tokens from the local Keycloak: the demo users' (password grant of the local-only c360-cli client),
 * short-lived ones (a copy of c360-cli whose tokens live a few seconds) and one of another issuer (the master realm).
 */
final class Keycloak {

    /** The copy of c360-cli (same mappers: tenant, audience) whose access tokens expire after this many seconds. */
    static final int SHORT_LIFESPAN_SECONDS = 5;

    private static final String SHORT_LIVED_CLIENT = "c360-cli-short-lived";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Keycloak() {}

    static String token(String user) {
        return passwordGrant("customer360", "c360-cli", user, user);
    }

    /** A service account's token (client-credentials grant; the local realm's secret is {@code <client>-secret}). */
    static String clientToken(String client) {
        return clientCredentials(client, client + "-secret").get("access_token").asText();
    }

    /** Keycloak's whole answer to a client-credentials request, whatever its status. */
    static JsonNode clientCredentials(String client, String secret) {
        String form = "grant_type=client_credentials&client_id=" + URLEncoder.encode(client, StandardCharsets.UTF_8)
                + "&client_secret=" + URLEncoder.encode(secret, StandardCharsets.UTF_8);
        try {
            HttpResponse<String> response = HTTP.send(
                    HttpRequest.newBuilder(
                                    URI.create(Mesh.KEYCLOAK_URL + "/realms/customer360/protocol/openid-connect/token"))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString(form))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            ObjectNode answer = (ObjectNode) MAPPER.readTree(response.body());
            return answer.put("status", response.statusCode());
        } catch (Exception e) {
            throw new IllegalStateException("Keycloak did not answer", e);
        }
    }

    /** Enables or disables a client of the customer360 realm through the admin API. */
    static void setClientEnabled(String client, boolean enabled) {
        String admin = adminToken();
        String clients = Mesh.KEYCLOAK_URL + "/admin/realms/customer360/clients";
        ObjectNode found = (ObjectNode) send(
                        HttpRequest.newBuilder(URI.create(clients + "?clientId=" + client))
                                .header("Authorization", "Bearer " + admin)
                                .GET(),
                        200)
                .get(0);
        found.put("enabled", enabled);
        sendNoContent(HttpRequest.newBuilder(
                        URI.create(clients + "/" + found.get("id").asText()))
                .header("Authorization", "Bearer " + admin)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(found.toString())));
    }

    private static void sendNoContent(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 204) {
                throw new IllegalStateException("Keycloak answered " + response.statusCode() + ": " + response.body());
            }
        } catch (java.io.IOException | InterruptedException e) {
            throw new IllegalStateException("Keycloak did not answer", e);
        }
    }

    /** A valid token of the user that expires {@link #SHORT_LIFESPAN_SECONDS} after it was issued. */
    static String shortLivedToken(String user) {
        ensureShortLivedClient();
        return passwordGrant("customer360", SHORT_LIVED_CLIENT, user, user);
    }

    /** A genuine token of the same Keycloak, but of its master realm: another issuer, another signing key. */
    static String tokenOfAnotherIssuer() {
        return adminToken();
    }

    private static String adminToken() {
        return passwordGrant(
                "master",
                "admin-cli",
                System.getenv().getOrDefault("KC_BOOTSTRAP_ADMIN_USERNAME", "admin"),
                System.getenv().getOrDefault("KC_BOOTSTRAP_ADMIN_PASSWORD", "admin"));
    }

    /** Creates the short-lived copy of c360-cli through the admin API, once per Keycloak. */
    private static synchronized void ensureShortLivedClient() {
        String admin = adminToken();
        String clients = Mesh.KEYCLOAK_URL + "/admin/realms/customer360/clients";
        if (!send(
                        HttpRequest.newBuilder(URI.create(clients + "?clientId=" + SHORT_LIVED_CLIENT))
                                .header("Authorization", "Bearer " + admin)
                                .GET(),
                        200)
                .isEmpty()) {
            return;
        }
        JsonNode cli = send(
                        HttpRequest.newBuilder(URI.create(clients + "?clientId=c360-cli"))
                                .header("Authorization", "Bearer " + admin)
                                .GET(),
                        200)
                .get(0);
        ObjectNode copy = cli.deepCopy();
        copy.remove("id");
        copy.put("clientId", SHORT_LIVED_CLIENT);
        copy.withObject("/attributes").put("access.token.lifespan", Integer.toString(SHORT_LIFESPAN_SECONDS));
        copy.withArray("protocolMappers").forEach(mapper -> ((ObjectNode) mapper).remove("id"));
        send(
                HttpRequest.newBuilder(URI.create(clients))
                        .header("Authorization", "Bearer " + admin)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(copy.toString())),
                201);
    }

    private static String passwordGrant(String realm, String client, String user, String password) {
        String form = "grant_type=password&client_id=" + client + "&username="
                + URLEncoder.encode(user, StandardCharsets.UTF_8) + "&password="
                + URLEncoder.encode(password, StandardCharsets.UTF_8);
        return send(
                        HttpRequest.newBuilder(URI.create(
                                        Mesh.KEYCLOAK_URL + "/realms/" + realm + "/protocol/openid-connect/token"))
                                .header("Content-Type", "application/x-www-form-urlencoded")
                                .POST(HttpRequest.BodyPublishers.ofString(form)),
                        200)
                .get("access_token")
                .asText();
    }

    private static JsonNode send(HttpRequest.Builder request, int expectedStatus) {
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != expectedStatus) {
                throw new IllegalStateException("Keycloak answered " + response.statusCode() + ": " + response.body());
            }
            return response.body().isEmpty() ? MAPPER.nullNode() : MAPPER.readTree(response.body());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(
                    "Keycloak is not reachable at " + Mesh.KEYCLOAK_URL + " (./mesh test starts it)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
