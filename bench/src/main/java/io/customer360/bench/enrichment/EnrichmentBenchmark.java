package io.customer360.bench.enrichment;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.customer360.bench.harness.ConstantRate;
import io.customer360.bench.harness.LatencyChart;
import io.customer360.bench.harness.Messages;
import io.customer360.bench.harness.ServiceChild;
import io.customer360.common.contract.messages.NormalizedEvent;
import io.customer360.common.redis.RedisGuard;
import io.customer360.enrichment.config.EnrichmentConfig;
import io.customer360.enrichment.domain.Tier;
import io.customer360.enrichment.service.quota.QuotaExceeded;
import io.customer360.enrichment.service.quota.QuotaMirror;
import io.customer360.enrichment.service.quota.Quotas;
import io.customer360.enrichment.store.UnsettledKeys;
import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgBuilder;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.RedisAPI;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.redis.client.RedisOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * The enrichment-service benchmark (bench/enrichment.sh): the packaged enrichment-service and profile-service run as
 * child JVMs on databases, a Redis database and NATS prefixes of their own, against {@link ProviderStub}, with a real
 * Keycloak token. Three figures, each on a constant-rate schedule measured from intended send times:
 * <ol>
 * <li><b>cache</b>: GET of an enriched customer (a Redis hit) at 2,000 requests/s; target p99 ≤ 2 ms.</li>
 * <li><b>waterfall</b>: forced refreshes while People Data Labs is slow and Clearbit fails; target p99 within the
 * waterfall budget the service is configured with.</li>
 * <li><b>quota</b>: the service's quota decision for a spent month ({@link Quotas#reserve}, the very class) against a
 * raw EVALSHA of the same Lua script on the same Redis client, interleaved in one run; target p99 ratio ≤ 1.5. A
 * granting decision (PostgreSQL conditional UPDATE) is measured too, without a target.</li>
 * </ol>
 */
public final class EnrichmentBenchmark {

    static final String SUBJECT_PREFIX = "benchenr.";
    static final String STREAM_PREFIX = "BENCHENR_";
    static final String TENANT = "acme"; // the tenant of the Keycloak user whose token drives the run
    static final String REDIS_PREFIX = "bench-enrichment:";
    static final double CACHE_TARGET_MS = 2;
    static final double QUOTA_TARGET_RATIO = 1.5;
    /** When the seeded customers' one purchase happened. */
    private static final Instant PURCHASED_AT = Instant.parse("2024-12-14T00:00:00Z");

    private final Map<String, String> options;
    private final String runId = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    private final Path results;
    private final String token;
    private final StringBuilder csv = new StringBuilder("figure,value,unit\n");
    private final List<String> summary = new ArrayList<>();
    private final List<ServiceChild> children = new ArrayList<>();
    private Vertx vertx;
    private HttpClient http;
    private ProviderStub stub;
    private List<String> customers;
    private ServiceChild enrichmentProcess;

    private EnrichmentBenchmark(Map<String, String> options) {
        this.options = options;
        this.results = Path.of(options.get("results"));
        this.token = System.getenv("BENCH_TOKEN");
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = defaults();
        for (String arg : args) {
            String a = arg.startsWith("--") ? arg.substring(2) : arg;
            int eq = a.indexOf('=');
            if (eq <= 0 || !options.containsKey(a.substring(0, eq))) {
                System.err.println("unknown argument " + arg + "; options (with defaults): " + options);
                System.exit(2);
            }
            options.put(a.substring(0, eq), a.substring(eq + 1));
        }
        EnrichmentBenchmark benchmark = new EnrichmentBenchmark(options);
        int status = 0;
        try {
            benchmark.run();
        } catch (Exception | Error e) {
            e.printStackTrace();
            status = 1;
        } finally {
            benchmark.cleanUp();
        }
        System.exit(status);
    }

    static Map<String, String> defaults() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("phases", "cache,waterfall,quota");
        d.put("customers", "200");
        d.put("cache-rate", "2000");
        d.put("quota-rate", "2000");
        d.put("grant-rate", "500");
        d.put("waterfall-rate", "10");
        d.put("warmup", "10");
        d.put("duration", "30");
        d.put("slow-ms", "600");
        d.put("budget-ms", "2000");
        d.put("enrichment-port", "18093");
        d.put("profile-port", "18092");
        d.put("nats", "nats://127.0.0.1:4222");
        d.put("redis", "redis://127.0.0.1:6379/13");
        d.put("enrichment-db", "c360_enrichment_bench");
        d.put("profile-db", "c360_profile_bench");
        d.put("child-opts", "-Xmx512m");
        d.put("results", "bench/results");
        return d;
    }

    private void run() throws Exception {
        if (token == null || token.isBlank()) {
            throw new IllegalStateException("BENCH_TOKEN is not set (bench/enrichment.sh gets one from Keycloak)");
        }
        Files.createDirectories(results);
        List<String> phases = List.of(options.get("phases").split(","));
        header();
        vertx = Vertx.vertx();
        http = vertx.getDelegate()
                .createHttpClient(
                        new HttpClientOptions().setKeepAlive(true).setMaxWaitQueueSize(-1),
                        new PoolOptions().setHttp1MaxSize(64));
        stub = new ProviderStub(Long.parseLong(options.get("slow-ms")));
        startServices();
        seedAndEnrich();
        if (phases.contains("cache")) {
            cacheHits();
        }
        if (phases.contains("waterfall")) {
            degradedWaterfall();
        }
        stopServices(); // the quota comparison runs in this JVM: no service competes for the two cores
        if (phases.contains("quota")) {
            quotaDecisions();
        }
        Path file = results.resolve("enrichment-" + runId + ".csv");
        Files.writeString(file, csv.toString(), StandardCharsets.UTF_8);
        System.out.println("\n=== enrichment benchmark " + runId + " ===");
        summary.forEach(System.out::println);
        System.out.println("CSV: " + file);
    }

    // ---- set-up ------------------------------------------------------------------------------------------------

    private void startServices() throws Exception {
        List<String> profile =
                List.of("quarkus.datasource.reactive.url=postgresql://127.0.0.1:5432/" + options.get("profile-db"));
        start("profile-service", profile, Integer.parseInt(options.get("profile-port")));

        List<String> enrichment = new ArrayList<>(List.of(
                "quarkus.datasource.reactive.url=postgresql://127.0.0.1:5432/" + options.get("enrichment-db"),
                "quarkus.redis.hosts=" + options.get("redis"),
                "enrichment.redis-key-prefix=" + REDIS_PREFIX,
                "quarkus.rest-client.profile.url=http://127.0.0.1:" + options.get("profile-port"),
                "enrichment.waterfall.budget=" + options.get("budget-ms") + "ms",
                // the scenario's person chain: People Data Labs (slow) ahead of Clearbit (failing), then Hunter
                "enrichment.waterfall.person=people-data-labs,clearbit,hunter",
                // the slow provider answers within its timeout, so its (partial) data counts
                "enrichment.providers.people-data-labs.timeout=" + (Long.parseLong(options.get("slow-ms")) + 400)
                        + "ms",
                // the failing provider's breaker never opens: every waterfall pays its full retries (worst case)
                "enrichment.providers.clearbit.breaker-volume=1000000"));
        for (String provider : List.of("people-data-labs", "clearbit", "hunter", "google-places", "opencorporates")) {
            enrichment.add("quarkus.rest-client." + provider + ".url=" + stub.baseUrl());
            enrichment.add("enrichment.providers." + provider + ".api-key=bench-key-" + provider);
            // the stub publishes no rate limit; the real providers' limits would refuse a benchmark's rates
            enrichment.add("enrichment.providers." + provider + ".rate-limit=1000000");
            enrichment.add("enrichment.providers." + provider + ".rate-window=1s");
        }
        enrichmentProcess = start("enrichment-service", enrichment, Integer.parseInt(options.get("enrichment-port")));
    }

    private static Duration cpu(ServiceChild child) {
        return ProcessHandle.of(child.pid())
                .flatMap(handle -> handle.info().totalCpuDuration())
                .orElse(Duration.ZERO);
    }

    private static long generatorCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean)
                        java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /**
     * The packaged service as a child JVM (the harness's {@link ServiceChild}: NATS prefixes of this benchmark, the
     * topology created by the child itself), waited for until ready.
     */
    private ServiceChild start(String module, List<String> properties, int port) throws Exception {
        Path jar = Path.of(module, "target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: package " + module + " first");
        }
        Path log = results.resolve("enrichment-" + runId + "-" + module + ".log");
        ServiceChild child = ServiceChild.start(
                module,
                jar,
                port,
                options.get("nats"),
                SUBJECT_PREFIX,
                STREAM_PREFIX,
                options.get("child-opts"),
                properties,
                Map.of(),
                log);
        children.add(child);
        long millis = child.awaitReady(Duration.ofSeconds(120));
        System.out.printf("%s ready on port %d in %.1f s (log %s)%n", module, port, millis / 1e3, log);
        return child;
    }

    /** Customers with an email and a company in profile-service, each enriched once (pro tier) so it is cached. */
    private void seedAndEnrich() throws Exception {
        int count = Integer.parseInt(options.get("customers"));
        customers = new ArrayList<>();
        try (Connection nats = Nats.connect(options.get("nats"))) {
            for (int i = 0; i < count; i++) {
                String id = "bench_" + runId.replace("-", "") + "_" + i;
                customers.add(id);
                NormalizedEvent event = new NormalizedEvent(
                        id + "_p",
                        TENANT,
                        id,
                        id + "@acme-audio.example",
                        "purchase",
                        PURCHASED_AT,
                        "e-commerce-service",
                        JsonNodeFactory.instance
                                .objectNode()
                                .put("product_name", "Wireless Headphones Pro")
                                .put("total", 299.99)
                                .put("customer_name", "John Smith")
                                .put("company", "Acme Audio"),
                        JsonNodeFactory.instance.objectNode(),
                        null,
                        true,
                        PURCHASED_AT.plusSeconds(1));
                // profile.events.{tenant}.{customer token}.{event type}: the token is the customer id (common
                // CustomerTokens)
                nats.jetStream()
                        .publish(
                                SUBJECT_PREFIX + "profile.events." + TENANT + "." + id + ".purchase",
                                Messages.write(event));
            }
        }
        int profilePort = Integer.parseInt(options.get("profile-port"));
        for (String id : customers) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (await(call(HttpMethod.GET, profilePort, "/api/v1/customers/" + id, null, true))
                            .status()
                    != 200) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("customer " + id + " did not appear in profile-service");
                }
                Thread.sleep(200);
            }
        }
        // a fresh month of the pro tier (500 enrichments), so reruns in one month start alike
        try (BenchDatabase database = new BenchDatabase(vertx, options.get("enrichment-db"))) {
            database.pool
                    .query("DELETE FROM enrichment_quota WHERE tenant = '" + TENANT + "'")
                    .execute()
                    .await()
                    .indefinitely();
        }
        setTier("pro");
        stub.mode(ProviderStub.Mode.HEALTHY);
        int port = enrichmentPort();
        int charged = 0;
        for (String id : customers) {
            Answer answer =
                    await(call(HttpMethod.POST, port, "/api/v1/enrichment/customers/" + id + "/refresh", "{}", true));
            if (answer.status() != 200 || !answer.body().contains("\"charged\":true")) {
                throw new IllegalStateException(
                        "enriching " + id + " answered " + answer.status() + ": " + answer.body());
            }
            charged++;
        }
        System.out.printf("%d customers seeded in profile-service and enriched (pro tier)%n", charged);
    }

    // ---- phases ------------------------------------------------------------------------------------------------

    private void cacheHits() throws Exception {
        int rate = Integer.parseInt(options.get("cache-rate"));
        int cachedBefore = cachedCustomers();
        System.out.printf(
                "%n[cache] GET of cached enrichments at %,d requests/s, %s s warm-up + %s s (%d/%d customers cached)%n",
                rate, options.get("warmup"), options.get("duration"), cachedBefore, customers.size());
        ConstantRate.Measured get = new ConstantRate.Measured("GET cached");
        ConstantRate schedule = new ConstantRate();
        int port = enrichmentPort();
        Duration serviceCpu = cpu(enrichmentProcess);
        long generatorCpu = generatorCpuNanos();
        long started = System.nanoTime();
        schedule.run(
                rate,
                warmup(),
                duration(),
                new ConstantRate.Measured[] {get},
                i -> call(
                                HttpMethod.GET,
                                port,
                                "/api/v1/enrichment/customers/" + customers.get((int) (i % customers.size())),
                                null,
                                true)
                        .thenApply(answer ->
                                answer.status() == 200 && answer.body().contains("\"enriched\":true")));
        long requests = (long) (rate * (warmup().toSeconds() + duration().toSeconds()));
        double elapsed = (System.nanoTime() - started) / 1e9;
        double serviceMicros = cpu(enrichmentProcess).minus(serviceCpu).toNanos() / 1e3 / requests;
        double generatorMicros = (generatorCpuNanos() - generatorCpu) / 1e3 / requests;
        int cachedAfter = cachedCustomers();
        report("cache", get, schedule);
        csv("cache_answered_per_s", requests / elapsed, "requests/s");
        csv("cache_service_cpu_us_per_request", serviceMicros, "µs");
        csv("cache_generator_cpu_us_per_request", generatorMicros, "µs");
        summary.add(String.format(
                "cache phase: %,.0f requests/s answered on average (all %,d answers in %.1f s); CPU per request: service %.0f µs, load generator %.0f µs",
                requests / elapsed, requests, elapsed, serviceMicros, generatorMicros));
        csv("cache_rate", rate, "requests/s");
        csv("cache_entries_before", cachedBefore, "customers");
        csv("cache_entries_after", cachedAfter, "customers");
        double p99 = p(get.latency, 99);
        summary.add(String.format(
                "cache hit GET p99 %.3f ms at %,d req/s (target ≤ %.0f ms): %s; %,d requests, %d failed, %d/%d entries cached before/after",
                p99,
                rate,
                CACHE_TARGET_MS,
                verdict(p99 <= CACHE_TARGET_MS && get.failures == 0),
                get.latency.getTotalCount(),
                get.failures,
                cachedBefore,
                cachedAfter));
        LatencyChart.write(
                results.resolve("enrichment-" + runId + "-cache.png"),
                String.format("enrichment-service: cache-hit GET at %,d req/s (run %s)", rate, runId),
                CACHE_TARGET_MS,
                "target p99 ≤ 2 ms",
                new String[] {"GET cached"},
                get.latency);
    }

    private void degradedWaterfall() throws Exception {
        setTier("enterprise"); // unlimited and always fresh: every refresh runs the waterfalls
        stub.mode(ProviderStub.Mode.DEGRADED);
        int rate = Integer.parseInt(options.get("waterfall-rate"));
        double budget = Double.parseDouble(options.get("budget-ms"));
        System.out.printf(
                "%n[waterfall] refresh at %d/s: People Data Labs answers after %d ms, Clearbit answers 503; budget %.0f ms%n",
                rate, stub.slowMillis(), budget);
        ConstantRate.Measured refresh = new ConstantRate.Measured("refresh");
        ConstantRate schedule = new ConstantRate();
        int port = enrichmentPort();
        schedule.run(
                rate,
                warmup(),
                duration(),
                new ConstantRate.Measured[] {refresh},
                i -> call(
                                HttpMethod.POST,
                                port,
                                "/api/v1/enrichment/customers/" + customers.get((int) (i % customers.size()))
                                        + "/refresh",
                                "{}",
                                true)
                        // charged, the slow provider's data kept, the failing one reported
                        .thenApply(answer -> answer.status() == 200
                                && answer.body().contains("\"charged\":true")
                                && answer.body().contains("\"jobTitle\":\"audio engineer\"")
                                && answer.body().contains("\"provider\":\"clearbit\"")));
        report("waterfall", refresh, schedule);
        csv("waterfall_rate", rate, "requests/s");
        csv("waterfall_budget_ms", budget, "ms");
        csv("waterfall_slow_provider_ms", stub.slowMillis(), "ms");
        csv("waterfall_clearbit_503s", stub.clearbitFailures.get(), "responses");
        double p99 = p(refresh.latency, 99);
        summary.add(String.format(
                "waterfall (PDL slow %d ms, Clearbit 503 with 2 retries) p99 %.1f ms, max %.1f ms (budget %.0f ms): %s; %,d refreshes, %d not as expected%s",
                stub.slowMillis(),
                p99,
                refresh.latency.getMaxValue() / 1000.0,
                budget,
                verdict(p99 <= budget && refresh.failures == 0),
                refresh.latency.getTotalCount(),
                refresh.failures,
                refresh.firstFailure == null ? "" : " (first: " + refresh.firstFailure + ")"));
        LatencyChart.write(
                results.resolve("enrichment-" + runId + "-waterfall.png"),
                String.format(
                        "enrichment-service: refresh with a slow and a failing provider, %d/s (run %s)", rate, runId),
                budget,
                "waterfall budget " + (long) budget + " ms",
                new String[] {"POST refresh"},
                refresh.latency);
    }

    private void quotaDecisions() throws Exception {
        int rate = Integer.parseInt(options.get("quota-rate"));
        Redis redisClient = Redis.createClient(
                vertx,
                new RedisOptions()
                        .setConnectionString(options.get("redis"))
                        .setMaxPoolSize(8)
                        .setMaxPoolWaiting(100_000));
        RedisAPI redis = RedisAPI.api(redisClient);
        String prefix = "bench-quota-" + runId + ":";
        String spent = "spent";
        String granting = "granting";
        try (BenchDatabase database = new BenchDatabase(vertx, options.get("enrichment-db"))) {
            // the service's defaults: a 500 ms command timeout, Redis skipped for 5 s after a failure
            RedisGuard guard = new RedisGuard(Duration.ofMillis(500), Duration.ofSeconds(5), "the cache");
            UnsettledKeys unsettled = new UnsettledKeys(redis, guard, prefix);
            Quotas quotas = new Quotas(database.pool, redis, guard, unsettled, config(prefix));
            String tenantSpent = "bench-" + runId + "-" + spent;
            for (int i = 0; i < Tier.FREE.monthlyLimit(); i++) {
                quotas.reserve(tenantSpent, Tier.FREE).await().indefinitely();
            }
            boolean refused = quotas.reserve(tenantSpent, Tier.FREE)
                    .map(month -> false)
                    .onFailure(QuotaExceeded.class)
                    .recoverWithItem(true)
                    .await()
                    .indefinitely();
            String key = new QuotaMirror(redis, guard, unsettled, prefix, Duration.ofMinutes(10))
                    .key(tenantSpent, quotas.currentMonth());
            String sha = redis.script(List.of("LOAD", QuotaMirror.GATE_SCRIPT))
                    .await()
                    .indefinitely()
                    .toString();
            int rawAnswer =
                    redis.evalsha(List.of(sha, "1", key)).await().indefinitely().toInteger();
            if (!refused || rawAnswer != 0) {
                throw new IllegalStateException(
                        "the spent month is not spent: refused=" + refused + ", raw=" + rawAnswer);
            }
            System.out.printf(
                    "%n[quota] spent month: Quotas.reserve vs raw EVALSHA of the gate script, %,d/s each, interleaved%n",
                    rate);
            ConstantRate.Measured service = new ConstantRate.Measured("Quotas.reserve (spent)");
            ConstantRate.Measured raw = new ConstantRate.Measured("raw EVALSHA");
            ConstantRate schedule = new ConstantRate();
            schedule.run(
                    2.0 * rate,
                    warmup(),
                    duration(),
                    new ConstantRate.Measured[] {service, raw},
                    i -> i % 2 == 0
                            ? quotas.reserve(tenantSpent, Tier.FREE)
                                    .map(month -> false)
                                    .onFailure(QuotaExceeded.class)
                                    .recoverWithItem(true)
                                    .subscribeAsCompletionStage()
                            : redis.evalsha(List.of(sha, "1", key))
                                    .map(answer -> answer.toInteger() == 0)
                                    .subscribeAsCompletionStage());
            report("quota_service", service, schedule);
            report("quota_raw", raw, schedule);
            double ratio99 = p(service.latency, 99) / p(raw.latency, 99);
            double ratio50 = p(service.latency, 50) / p(raw.latency, 50);
            csv("quota_rate_each", rate, "decisions/s");
            csv("quota_p99_ratio", ratio99, "x");
            csv("quota_p50_ratio", ratio50, "x");
            summary.add(String.format(
                    "quota decision (spent month) p99 %.3f ms vs raw EVALSHA p99 %.3f ms at %,d/s each: %.2f× (target ≤ %.1f×): %s; p50 %.3f vs %.3f ms (%.2f×); failures %d/%d",
                    p(service.latency, 99),
                    p(raw.latency, 99),
                    rate,
                    ratio99,
                    QUOTA_TARGET_RATIO,
                    verdict(ratio99 <= QUOTA_TARGET_RATIO && service.failures == 0 && raw.failures == 0),
                    p(service.latency, 50),
                    p(raw.latency, 50),
                    ratio50,
                    service.failures,
                    raw.failures));

            int grantRate = Integer.parseInt(options.get("grant-rate"));
            String tenantGranting = "bench-" + runId + "-" + granting;
            System.out.printf(
                    "%n[quota] granting decision (enterprise, PostgreSQL conditional UPDATE) at %,d/s%n", grantRate);
            ConstantRate.Measured grant = new ConstantRate.Measured("Quotas.reserve (grant)");
            ConstantRate grantSchedule = new ConstantRate();
            grantSchedule.run(
                    grantRate,
                    warmup(),
                    duration(),
                    new ConstantRate.Measured[] {grant},
                    i -> quotas.reserve(tenantGranting, Tier.ENTERPRISE)
                            .map(month -> true)
                            .subscribeAsCompletionStage());
            report("quota_grant", grant, grantSchedule);
            summary.add(String.format(
                    "quota decision that grants (PostgreSQL) p99 %.3f ms at %,d/s (no target; information)",
                    p(grant.latency, 99), grantRate));
            LatencyChart.write(
                    results.resolve("enrichment-" + runId + "-quota.png"),
                    String.format(
                            "enrichment-service: quota decision vs raw EVALSHA, %,d/s each (run %s)", rate, runId),
                    p(raw.latency, 99) * QUOTA_TARGET_RATIO,
                    "1.5 × raw p99",
                    new String[] {"Quotas.reserve (spent)", "raw EVALSHA"},
                    service.latency,
                    raw.latency);
            database.pool
                    .query("DELETE FROM enrichment_quota WHERE tenant LIKE 'bench-" + runId + "-%'")
                    .execute()
                    .await()
                    .indefinitely();
        } finally {
            redisClient.close();
        }
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    record Answer(int status, String body) {}

    private CompletionStage<Answer> call(HttpMethod method, int port, String uri, String body, boolean authorized) {
        RequestOptions request = new RequestOptions()
                .setMethod(method)
                .setHost("127.0.0.1")
                .setPort(port)
                .setURI(uri);
        if (authorized) {
            request.putHeader("Authorization", "Bearer " + token);
        }
        if (body != null) {
            request.putHeader("Content-Type", "application/json");
        }
        return http.request(request)
                .compose(req -> body == null ? req.send() : req.send(body))
                .compose(
                        response -> response.body().map(buffer -> new Answer(response.statusCode(), buffer.toString())))
                .toCompletionStage();
    }

    private static Answer await(CompletionStage<Answer> answer) throws Exception {
        return answer.toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    private void setTier(String tier) throws Exception {
        Answer answer = await(call(
                HttpMethod.PUT,
                enrichmentPort(),
                "/api/v1/enrichment/tier",
                "{\"tier\":\"" + tier + "\",\"autoEnrich\":false}",
                true));
        if (answer.status() != 200) {
            throw new IllegalStateException("PUT tier answered " + answer.status() + ": " + answer.body()
                    + " (the token's user needs c360.admin, c360.editor and c360.viewer)");
        }
        Thread.sleep(6_000); // every instance sees a tier change within 5 s (TenantTiers)
    }

    private int cachedCustomers() throws Exception {
        Redis client = Redis.createClient(vertx, options.get("redis"));
        try {
            RedisAPI redis = RedisAPI.api(client);
            int cached = 0;
            for (String id : customers) {
                cached += redis.exists(List.of(REDIS_PREFIX + "customer:" + TENANT + ":" + id))
                        .await()
                        .indefinitely()
                        .toInteger();
            }
            return cached;
        } finally {
            client.close();
        }
    }

    /** The configuration {@link Quotas} reads (its Redis key prefix); nothing else is asked of it. */
    private static EnrichmentConfig config(String redisKeyPrefix) {
        return (EnrichmentConfig) Proxy.newProxyInstance(
                EnrichmentConfig.class.getClassLoader(),
                new Class<?>[] {EnrichmentConfig.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("redisKeyPrefix")) {
                        return redisKeyPrefix;
                    }
                    throw new UnsupportedOperationException("the benchmark does not configure " + method.getName());
                });
    }

    private void report(String name, ConstantRate.Measured measured, ConstantRate schedule) throws IOException {
        Histogram h = measured.latency;
        for (double p : new double[] {50, 90, 99, 99.9}) {
            csv(name + "_p" + String.valueOf(p).replace(".0", "").replace('.', '_') + "_ms", p(h, p), "ms");
        }
        csv(name + "_max_ms", h.getMaxValue() / 1000.0, "ms");
        csv(name + "_count", h.getTotalCount(), "operations");
        csv(name + "_failures", measured.failures, "operations");
        csv(name + "_max_sender_lag_ms", schedule.maxSenderLagMillis(), "ms");
        System.out.printf(
                "  %-24s p50 %.3f  p90 %.3f  p99 %.3f  p99.9 %.3f  max %.3f ms  (%,d, %d failed%s)%n",
                measured.name,
                p(h, 50),
                p(h, 90),
                p(h, 99),
                p(h, 99.9),
                h.getMaxValue() / 1000.0,
                h.getTotalCount(),
                measured.failures,
                measured.firstFailure == null ? "" : ": " + measured.firstFailure);
        try (PrintStream out = new PrintStream(
                Files.newOutputStream(results.resolve("enrichment-" + runId + "-" + name + ".hgrm")),
                true,
                StandardCharsets.UTF_8)) {
            h.outputPercentileDistribution(out, 1000.0);
        }
    }

    private void header() throws IOException {
        csvText("run_id", runId);
        csvText("cores", String.valueOf(Runtime.getRuntime().availableProcessors()));
        csvText("java", System.getProperty("java.version"));
        csvText(
                "loadavg_before",
                Files.readString(Path.of("/proc/loadavg")).strip().replace(' ', '/'));
        options.forEach((key, value) -> csvText("option_" + key, value));
    }

    private void csv(String figure, Number value, String unit) {
        csv.append(figure)
                .append(',')
                .append(value instanceof Double d ? String.format("%.4f", d) : value)
                .append(',')
                .append(unit)
                .append('\n');
    }

    private void csvText(String figure, String value) {
        csv.append(figure).append(',').append(value.replace(',', ';')).append(",text\n");
    }

    private static double p(Histogram h, double percentile) {
        return h.getValueAtPercentile(percentile) / 1000.0;
    }

    private static String verdict(boolean met) {
        return met ? "MET" : "NOT MET";
    }

    private int enrichmentPort() {
        return Integer.parseInt(options.get("enrichment-port"));
    }

    private Duration warmup() {
        return Duration.ofSeconds(Long.parseLong(options.get("warmup")));
    }

    private Duration duration() {
        return Duration.ofSeconds(Long.parseLong(options.get("duration")));
    }

    private void stopServices() {
        children.forEach(ServiceChild::close); // SIGTERM, SIGKILL after 20 s
        children.clear();
    }

    private void cleanUp() {
        stopServices();
        try (Connection nats = Nats.connect(options.get("nats"))) {
            JetStreamManagement jsm = nats.jetStreamManagement();
            for (String stream : jsm.getStreamNames()) {
                if (stream.startsWith(STREAM_PREFIX)) {
                    jsm.deleteStream(stream);
                }
            }
        } catch (Exception e) {
            System.err.println("could not delete the " + STREAM_PREFIX + " streams: " + e);
        }
        if (stub != null) {
            stub.close();
        }
        if (http != null) {
            http.close();
        }
        if (vertx != null) {
            vertx.closeAndAwait();
        }
    }

    /** A small pool on the benchmark's enrichment database. */
    private static final class BenchDatabase implements AutoCloseable {
        final Pool pool;

        BenchDatabase(Vertx vertx, String database) {
            pool = PgBuilder.pool()
                    .with(new io.vertx.sqlclient.PoolOptions().setMaxSize(8))
                    .connectingTo(new PgConnectOptions()
                            .setHost("127.0.0.1")
                            .setPort(5432)
                            .setDatabase(database)
                            .setUser("postgres"))
                    .using(vertx)
                    .build();
        }

        @Override
        public void close() {
            pool.close().await().indefinitely();
        }
    }
}
