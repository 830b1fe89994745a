package io.customer360.aggregator.it;

import static io.customer360.common.testing.TestTokens.ACME;
import static io.customer360.common.testing.TestTokens.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.customer360.common.auth.Roles;
import io.customer360.common.testing.ProfileServiceResource;
import io.customer360.common.testing.ServiceProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The access audit survives {@code kill -9}: the packaged aggregator-service answers N views (many at once, so their
 * rows are group-committed) and is killed with SIGKILL right after the last answer; the audit then holds N rows, one
 * per view answered. Runs with the test profile against the real packaged profile-service.
 */
class AuditCrashIT {

    private static final int VIEWS = Integer.getInteger("audit.views", 200);
    private static final int AT_ONCE = 16;

    @Test
    void everyViewAnsweredBeforeAKillHasItsAuditRow() throws Exception {
        ProfileServiceResource profile = new ProfileServiceResource();
        Map<String, String> config = new HashMap<>(profile.start());
        try {
            String customer = "audit_crash_" + UUID.randomUUID().toString().substring(0, 8);
            String purpose = "kill -9 test " + UUID.randomUUID();
            config.put("quarkus.profile", "test");
            ServiceProcess aggregator = ServiceProcess.start("aggregator-service", config, Duration.ofSeconds(60));
            try {
                HttpClient http = HttpClient.newBuilder()
                        .connectTimeout(Duration.ofSeconds(5))
                        .build();
                String viewer = token(ACME, Roles.VIEWER);
                ProfileServiceResource.seedPurchase(customer);
                await().atMost(Duration.ofSeconds(30))
                        .ignoreExceptions()
                        .until(() -> view(http, aggregator, viewer, customer, "warm-up")
                                        .join()
                                == 200);

                List<CompletableFuture<Integer>> answered = new ArrayList<>();
                for (int i = 0; i < VIEWS; i += AT_ONCE) {
                    List<CompletableFuture<Integer>> wave = new ArrayList<>();
                    for (int j = i; j < Math.min(VIEWS, i + AT_ONCE); j++) {
                        wave.add(view(http, aggregator, viewer, customer, purpose));
                    }
                    CompletableFuture.allOf(wave.toArray(CompletableFuture[]::new))
                            .join();
                    answered.addAll(wave);
                }
                aggregator.kill();

                assertThat(answered)
                        .allSatisfy(status -> assertThat(status.join()).isEqualTo(200));
                assertThat(auditRows(customer, purpose))
                        .as("audit rows after kill -9 right after %d views", VIEWS)
                        .isEqualTo(VIEWS);
            } finally {
                aggregator.close();
            }
        } finally {
            profile.stop();
        }
    }

    private static CompletableFuture<Integer> view(
            HttpClient http, ServiceProcess aggregator, String token, String customer, String purpose) {
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create(aggregator.baseUrl() + "/api/v1/customer-360/" + customer))
                .header("Authorization", "Bearer " + token)
                .header("X-Purpose", purpose)
                .timeout(Duration.ofSeconds(20))
                .GET()
                .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).thenApply(HttpResponse::statusCode);
    }

    private static long auditRows(String customer, String purpose) throws Exception {
        try (var connection = DriverManager.getConnection(
                        "jdbc:postgresql://127.0.0.1:5432/c360_aggregator_test", "postgres", "");
                var statement = connection.prepareStatement(
                        "SELECT count(*) FROM access_audit WHERE customer_id = ? AND purpose = ? AND status = 200")) {
            statement.setString(1, customer);
            statement.setString(2, purpose);
            try (var rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }
}
