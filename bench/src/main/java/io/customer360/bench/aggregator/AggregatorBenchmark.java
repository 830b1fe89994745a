package io.customer360.bench.aggregator;

import io.customer360.bench.harness.BenchOptions;
import io.customer360.bench.harness.CpuMeter;
import io.customer360.bench.harness.Databases;
import io.customer360.bench.harness.LatencyChart;
import io.customer360.bench.harness.ServiceChild;
import io.customer360.bench.profile.ProfileBenchmark;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;
import redis.clients.jedis.Jedis;

/**
 * aggregator-service benchmark (see bench/aggregator.sh). The packaged profile-service (on the read store of
 * {@link ProfileBenchmark}: 100,000 acme customers, 5,000,000 events), enrichment-service and aggregator-service run
 * as child JVMs with NATS prefixes, databases and Redis databases of their own; a real Keycloak token of acme-viewer.
 * Each phase is a constant-rate schedule, latency measured from each request's intended send time (no coordinated
 * omission) into an HdrHistogram:
 * <ol>
 * <li><b>uncached</b>: {@code GET /api/v1/customer-360/{id}} for customers never asked before in the run, so every
 * request misses the view cache and fans out to the providers;</li>
 * <li><b>cached</b>: a hot set warmed once (every view in Redis, checked), then GETs of those only; the
 * profile-service requests of the phase are counted (none when every GET was a hit);</li>
 * <li><b>baseline</b>: the bare fan-out: for a random customer, the same calls the aggregator's providers make,
 * issued in parallel by the harness with the same token, done when all have answered.</li>
 * </ol>
 * The uncached and baseline phases run at every rate of {@code --knee-rates} and at {@code --rate}, so the figures
 * show where the machine saturates; the cached phase at {@code --rate}.
 */
public final class AggregatorBenchmark {

    /** What aggregator-service's providers (provider/sources) read from profile-service: paths under /api/v1/customers/{id}. */
    static final List<String> PROFILE_CALLS = List.of(
            "",
            "/notes?limit=10",
            "/success",
            "/subscription",
            "/support",
            "/engagement",
            "/contacts",
            "/usage",
            "/sales",
            "/security");

    private static final String SUBJECT_PREFIX = "benchagg.";
    private static final String STREAM_PREFIX = "BENCHAGG_";
    private static final String AGGREGATOR_DB = "c360_aggregator_bench";
    private static final String ENRICHMENT_DB = "c360_enrichment_bench";
    private static final String TENANT = "acme";
    private static final double TARGET_UNCACHED_P99_MS = 50;
    private static final double TARGET_CACHED_P99_MS = 5;
    private static final double TARGET_RATIO = 1.2;
    private static final long HISTOGRAM_MAX_MICROS = TimeUnit.MINUTES.toMicros(5);
    private static final com.fasterxml.jackson.databind.ObjectMapper MAPPER =
            new com.fasterxml.jackson.databind.ObjectMapper();

    private final Map<String, String> options;
    private final Path results;
    private final String runId = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    private final List<String> csv = new ArrayList<>(List.of("phase,rate,metric,value,target"));
    private final List<PhaseResult> done = new ArrayList<>();
    private final CpuMeter cpu = new CpuMeter();
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final Tokens tokens;
    private final List<Integer> fresh = new ArrayList<>();
    private int nextFresh;
    private ServiceChild profile;
    private ServiceChild enrichment;
    private ServiceChild aggregator;

    private AggregatorBenchmark(Map<String, String> options) {
        this.options = options;
        this.results = Path.of(options.get("results"));
        this.tokens = new Tokens(
                options.get("keycloak") + "/realms/" + options.get("realm") + "/protocol/openid-connect/token",
                options.get("client"),
                options.get("user"),
                System.getenv("BENCH_TOKEN"));
    }

    public static void main(String[] args) throws Exception {
        Locale.setDefault(Locale.US);
        Map<String, String> options = new LinkedHashMap<>();
        options.put("phases", "baseline,uncached,cached");
        options.put("rate", "500");
        options.put("knee-rates", "10,25,50,75,100");
        options.put("duration", "60");
        options.put("warmup", "20");
        options.put("hot", "200");
        options.put("customers", "100000");
        options.put("read-events", "5000000");
        options.put("in-flight", "256");
        options.put("max-lag", "30");
        options.put("timeout", "30");
        options.put("settle", "3");
        options.put("jit-warmup", "30");
        options.put("jit-rate", "20");
        options.put("recovery", "60");
        options.put("cache-ttl", "10m");
        options.put("aggregator-port", "18290");
        options.put("profile-port", "18292");
        options.put("enrichment-port", "18293");
        options.put("aggregator-jar", "aggregator-service/target/quarkus-app/quarkus-run.jar");
        options.put("profile-jar", "profile-service/target/quarkus-app/quarkus-run.jar");
        options.put("enrichment-jar", "enrichment-service/target/quarkus-app/quarkus-run.jar");
        options.put("aggregator-redis", "redis://127.0.0.1:6379/10");
        options.put("enrichment-redis", "redis://127.0.0.1:6379/11");
        options.put("nats", "nats://127.0.0.1:4222");
        options.put("pg", "127.0.0.1:5432");
        options.put("keycloak", "http://127.0.0.1:8180");
        options.put("realm", "customer360");
        options.put("client", "c360-cli");
        options.put("user", "acme-viewer");
        options.put("child-opts", "-Xmx512m");
        options.put("aggregator-props", "");
        options.put("results", "bench/results");
        BenchOptions.override(options, args, "bench/aggregator.sh");
        new AggregatorBenchmark(options).run();
    }

    // ------------------------------------------------------------------------------------------------- set-up

    private void run() throws Exception {
        Files.createDirectories(results);
        List<String> phases = List.of(options.get("phases").split(","));
        TreeSet<Integer> rates = new TreeSet<>();
        for (String r : options.get("knee-rates").split(",")) {
            if (!r.isBlank()) {
                rates.add(Integer.parseInt(r.trim()));
            }
        }
        rates.add(integer("rate"));
        System.out.printf("aggregator-service benchmark %s: %s%n", runId, options);
        System.out.printf(
                "machine: %d cores, load average %s%n",
                Runtime.getRuntime().availableProcessors(),
                Files.readString(Path.of("/proc/loadavg")).trim());

        int customers = integer("customers");
        long needed = phases.contains("uncached")
                ? rates.stream()
                        .mapToLong(rate -> (long) rate * (integer("warmup") + integer("duration")))
                        .sum()
                : 0;
        needed += (long) integer("jit-rate") * integer("jit-warmup");
        needed += phases.contains("cached") ? integer("hot") : 0;
        if (needed + 2_000 > customers) { // the sanity checks and recovery probes take new customers too
            throw new IllegalArgumentException("the uncached phases need " + needed
                    + " distinct customers; the store has " + customers + ": lower --duration, --warmup or the rates");
        }
        ProfileBenchmark.ensureReadStore(Map.of(
                "read-customers",
                String.valueOf(customers),
                "read-events",
                options.get("read-events"),
                "port",
                options.get("profile-port"),
                "jar",
                options.get("profile-jar"),
                "results",
                options.get("results"),
                "child-opts",
                options.get("child-opts"),
                "pg",
                options.get("pg"),
                "nats",
                options.get("nats")));
        long acme = scalar(
                ProfileBenchmark.READ_STORE,
                "SELECT count(*) FROM customers WHERE tenant = '" + TENANT
                        + "' AND id ~ '^c[0-9]+$' AND substr(id, 2)::int < " + customers);
        if (acme < customers) {
            throw new IllegalStateException(ProfileBenchmark.READ_STORE + " holds " + acme + " acme customers c0…c"
                    + (customers - 1) + ", not " + customers);
        }
        for (int k = 0; k < customers; k++) {
            fresh.add(k);
        }
        Collections.shuffle(fresh, new Random());

        startServices();
        try {
            sanityCheck();
            jitWarmup();
            // cached first: a phase beyond capacity can leave the aggregator slow for a while (see the recovery probe)
            if (phases.contains("cached")) {
                cachedPhase(integer("rate"));
            }
            for (int rate : rates) {
                if (phases.contains("baseline")) {
                    phase("baseline", rate, this::baselineCall, this::anyCustomer);
                }
                if (phases.contains("uncached")) {
                    phase("uncached", rate, this::viewCall, this::freshCustomer);
                }
            }
        } finally {
            stopServices();
        }
        report(rates);
    }

    private void startServices() throws Exception {
        recreateDatabase(AGGREGATOR_DB);
        recreateDatabase(ENRICHMENT_DB);
        flushRedis(options.get("aggregator-redis"));
        flushRedis(options.get("enrichment-redis"));
        deleteStreams();
        String oidc = "quarkus.oidc.auth-server-url=" + options.get("keycloak") + "/realms/" + options.get("realm");
        String quiet = "quarkus.log.level=WARN";
        // copies of the packaged services, so a rebuild during the run cannot swap classes under a running child
        Path snapshots = Path.of("bench/target/aggregator-bench-apps");
        Map<String, Path> jars = new LinkedHashMap<>();
        for (String service : List.of("profile", "enrichment", "aggregator")) {
            Path jar = Path.of(options.get(service + "-jar"));
            String build = ServiceChild.describeBuild(jar);
            System.out.printf("  %s-service: %s (%s)%n", service, build, jar);
            csv.add(String.format("setup,,build %s-service,%s,", service, build));
            jars.put(service, ServiceChild.snapshot(jar, snapshots.resolve(service)));
        }
        Path profileJar = jars.get("profile");
        Path enrichmentJar = jars.get("enrichment");
        Path aggregatorJar = jars.get("aggregator");
        System.out.printf(
                "%n[setup] profile-service :%s on %s, enrichment-service :%s, aggregator-service :%s (NATS %s / %s)%n",
                options.get("profile-port"),
                ProfileBenchmark.READ_STORE,
                options.get("enrichment-port"),
                options.get("aggregator-port"),
                SUBJECT_PREFIX,
                STREAM_PREFIX);
        profile = child(
                "profile-service",
                profileJar,
                "profile-port",
                List.of(
                        oidc,
                        quiet,
                        "quarkus.datasource.reactive.url=postgresql://" + options.get("pg") + "/"
                                + ProfileBenchmark.READ_STORE),
                Map.of());
        // a sealing key of this run only (its database is new): given through the environment, never the command line
        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        enrichment = child(
                "enrichment-service",
                enrichmentJar,
                "enrichment-port",
                List.of(
                        oidc,
                        quiet,
                        "quarkus.datasource.reactive.url=postgresql://" + options.get("pg") + "/" + ENRICHMENT_DB,
                        "quarkus.redis.hosts=" + options.get("enrichment-redis"),
                        "quarkus.rest-client.profile.url=" + profile.baseUrl()),
                Map.of("ENRICHMENT_ENCRYPTION_KEY", Base64.getEncoder().encodeToString(key)));
        aggregator = child(
                "aggregator-service",
                aggregatorJar,
                "aggregator-port",
                List.of(
                        oidc,
                        quiet,
                        "quarkus.datasource.reactive.url=postgresql://" + options.get("pg") + "/" + AGGREGATOR_DB,
                        "quarkus.redis.hosts=" + options.get("aggregator-redis"),
                        "quarkus.rest-client.profile.url=" + profile.baseUrl(),
                        "quarkus.rest-client.enrichment.url=" + enrichment.baseUrl(),
                        "aggregator.cache.ttl=" + options.get("cache-ttl")),
                Map.of(),
                options.get("aggregator-props"));
        for (ServiceChild service : List.of(profile, enrichment, aggregator)) {
            service.awaitReady(Duration.ofSeconds(120));
        }
        cpu.child("aggregator-service", aggregator.pid());
        cpu.child("profile-service", profile.pid());
        cpu.child("enrichment-service", enrichment.pid());
        cpu.countServers();
    }

    private ServiceChild child(
            String name, Path jar, String portOption, List<String> properties, Map<String, String> env)
            throws IOException {
        return child(name, jar, portOption, properties, env, "");
    }

    /** {@code more}: space-separated {@code key=value} settings for this child only (--aggregator-props). */
    private ServiceChild child(
            String name, Path jar, String portOption, List<String> properties, Map<String, String> env, String more)
            throws IOException {
        List<String> all = new ArrayList<>(properties);
        for (String property : more.trim().split("\\s+")) {
            if (!property.isEmpty()) {
                all.add(property);
            }
        }
        return ServiceChild.start(
                name,
                jar,
                integer(portOption),
                options.get("nats"),
                SUBJECT_PREFIX,
                STREAM_PREFIX,
                options.get("child-opts"),
                all,
                env,
                results.resolve("aggregator-" + runId + "-" + name + ".log"));
    }

    private void stopServices() throws Exception {
        for (ServiceChild service : new ServiceChild[] {aggregator, enrichment, profile}) {
            if (service != null) {
                if (!service.alive()) {
                    System.out.printf("  %s had exited:%n%s%n", service.log(), service.tail(20));
                }
                service.close();
            }
        }
        deleteStreams();
        flushRedis(options.get("aggregator-redis"));
        flushRedis(options.get("enrichment-redis"));
    }

    /**
     * Views and bare fan-outs of customers the run never uses again, before any load, until each answers 200 (at most
     * 10 tries): the first ones after start-up are slow (cold JVMs, first token verification, new connections), and
     * the aggregator may answer them 503 when every provider misses its budget. Every try is printed.
     */
    private void sanityCheck() throws Exception {
        System.out.println();
        for (int attempt = 1; ; attempt++) {
            String id = freshCustomer();
            long start = System.nanoTime();
            HttpResponse<String> view =
                    http.send(get(aggregator, "/api/v1/customer-360/" + id), HttpResponse.BodyHandlers.ofString());
            String body = view.body();
            int providers = body.indexOf("\"providers\"");
            System.out.printf(
                    "[check] GET /api/v1/customer-360/%s: %d in %.0f ms, %,d bytes; %s%n",
                    id,
                    view.statusCode(),
                    (System.nanoTime() - start) / 1e6,
                    body.length(),
                    providers < 0 ? body : body.substring(providers, Math.min(body.length(), providers + 700)));
            if (view.statusCode() == 200) {
                csv.add(String.format("setup,,views before the first 200 (cold start),%d,", attempt - 1));
                break;
            }
            if (attempt == 10) {
                throw new IllegalStateException("the aggregator answered " + view.statusCode() + " ten times: " + body);
            }
        }
        for (int attempt = 1; ; attempt++) {
            long start = System.nanoTime();
            Outcome baseline = baselineCall(freshCustomer()).join();
            System.out.printf(
                    "[check] bare fan-out: %s in %.0f ms%n",
                    baseline.error() == null ? "all answered" : baseline.error(), (System.nanoTime() - start) / 1e6);
            if (baseline.error() == null) {
                break;
            }
            if (attempt == 10) {
                throw new IllegalStateException("the bare fan-out failed ten times: " + baseline.error());
            }
        }
    }

    // ------------------------------------------------------------------------------------------------- phases

    /** One answer: an error (non-200, failure) or null; degraded = a 200 view with a provider failed or timed out. */
    record Outcome(String error, boolean degraded) {
        static final Outcome OK = new Outcome(null, false);
    }

    private CompletableFuture<Outcome> viewCall(String customer) {
        return http.sendAsync(get(aggregator, "/api/v1/customer-360/" + customer), HttpResponse.BodyHandlers.ofString())
                .handle((response, failure) -> {
                    if (failure != null) {
                        return new Outcome(failureKind(failure), false);
                    }
                    if (response.statusCode() != 200) {
                        return new Outcome("aggregator " + response.statusCode(), false);
                    }
                    return degraded(response.body()) ? new Outcome(null, true) : Outcome.OK;
                });
    }

    /** A view whose {@code providers} report says a provider failed or timed out (its section is unavailable). */
    private static boolean degraded(String view) {
        try {
            for (com.fasterxml.jackson.databind.JsonNode provider :
                    MAPPER.readTree(view).path("providers")) {
                String status = provider.path("status").asText();
                if (status.equals("failed") || status.equals("timed_out")) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    /** The providers' calls, in parallel; done when every one answered. enrichment-service may say 404 (nothing held). */
    private CompletableFuture<Outcome> baselineCall(String customer) {
        List<CompletableFuture<String>> calls = new ArrayList<>(PROFILE_CALLS.size() + 1);
        for (String call : PROFILE_CALLS) {
            String path = "/api/v1/customers/" + customer + call;
            calls.add(http.sendAsync(get(profile, path), HttpResponse.BodyHandlers.ofByteArray())
                    .handle((response, failure) -> failure != null
                            ? "profile " + failureKind(failure)
                            : response.statusCode() == 200 ? null : "profile " + response.statusCode()));
        }
        calls.add(http.sendAsync(
                        get(enrichment, "/api/v1/enrichment/customers/" + customer),
                        HttpResponse.BodyHandlers.ofByteArray())
                .handle((response, failure) -> failure != null
                        ? "enrichment " + failureKind(failure)
                        : response.statusCode() == 200 || response.statusCode() == 404
                                ? null
                                : "enrichment " + response.statusCode()));
        return CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).thenApply(ignored -> {
            for (CompletableFuture<String> call : calls) {
                String error = call.join();
                if (error != null) {
                    return new Outcome(error, false);
                }
            }
            return Outcome.OK;
        });
    }

    private HttpRequest get(ServiceChild service, String path) {
        return HttpRequest.newBuilder(URI.create(service.baseUrl() + path))
                .header("Authorization", "Bearer " + tokens.current())
                .timeout(Duration.ofSeconds(integer("timeout")))
                .build();
    }

    private static String failureKind(Throwable failure) {
        Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                ? failure.getCause()
                : failure;
        return cause.getClass().getSimpleName();
    }

    private synchronized String freshCustomer() {
        if (nextFresh >= fresh.size()) {
            throw new IllegalStateException("every customer of the store has been asked once already");
        }
        return "c" + fresh.get(nextFresh++);
    }

    private String anyCustomer() {
        return "c" + ThreadLocalRandom.current().nextInt(integer("customers"));
    }

    /**
     * Before any phase: bare fan-outs and uncached views at a rate the machine sustains ({@code --jit-rate}, for
     * {@code --jit-warmup} s each), so the JIT has compiled every service's request path; not measured.
     */
    private void jitWarmup() throws InterruptedException {
        int rate = integer("jit-rate");
        int seconds = integer("jit-warmup");
        if (seconds <= 0) {
            return;
        }
        // fan-outs first: views sent to a cold profile-service miss their budgets and pile up (see BENCHMARKS.md)
        System.out.printf(
                "%n[jit warm-up] %d s of bare fan-outs, then %d s of uncached views, at %d/s (not measured)%n",
                seconds, seconds, rate);
        Load fanOuts = load(rate, seconds, this::baselineCall, this::anyCustomer);
        Load views = load(rate, seconds, this::viewCall, this::freshCustomer);
        System.out.printf(
                "  views: %,d sent, %d errors %s, %d degraded; fan-outs: %,d sent, %d errors %s%n",
                views.sent(),
                views.errors().get(),
                views.errorKinds(),
                views.degraded().get(),
                fanOuts.sent(),
                fanOuts.errors().get(),
                fanOuts.errorKinds());
    }

    /**
     * After a phase: one view of a new customer per second until one answers 200 with every provider ok, for at most
     * {@code --recovery} s. Returns the seconds it took, or -1 when the aggregator did not recover; then its HTTP
     * client and Redis pool metrics are printed.
     */
    private double recovery() throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + TimeUnit.SECONDS.toNanos(integer("recovery"));
        int failed = 0;
        String last = "";
        while (System.nanoTime() < deadline) {
            Outcome outcome = viewCall(freshCustomer()).join();
            if (outcome.error() == null && !outcome.degraded()) {
                double seconds = (System.nanoTime() - start) / 1e9;
                if (failed > 0) {
                    System.out.printf(
                            "  recovery: %d probe views failed or degraded (last: %s), the first clean one after %.1f s%n",
                            failed, last, seconds);
                }
                return seconds;
            }
            failed++;
            last = outcome.error() != null ? outcome.error() : "degraded";
            Thread.sleep(1000);
        }
        System.out.printf(
                "  recovery: NOT RECOVERED: %d probe views over %d s all failed or degraded (last: %s)%n",
                failed, integer("recovery"), last);
        try {
            HttpResponse<String> metrics = http.send(
                    HttpRequest.newBuilder(URI.create(aggregator.baseUrl() + "/q/metrics"))
                            .timeout(Duration.ofSeconds(30))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            for (String line : metrics.body().split("\n")) {
                if (!line.startsWith("#") && (line.startsWith("http_client") || line.startsWith("redis_pool"))) {
                    System.out.println("    " + line);
                }
            }
        } catch (IOException e) {
            System.out.println("    (aggregator metrics not read: " + e + ")");
        }
        return -1;
    }

    /** ERROR and WARN lines a service logged since {@code offset}, digits masked, by count: what went wrong, in short. */
    private static Map<String, Integer> logDigest(ServiceChild service, long offset) {
        Map<String, Integer> kinds = new LinkedHashMap<>();
        try (java.io.RandomAccessFile file =
                new java.io.RandomAccessFile(service.log().toFile(), "r")) {
            file.seek(Math.min(offset, file.length()));
            byte[] rest = new byte[(int) Math.min(Integer.MAX_VALUE - 8, file.length() - file.getFilePointer())];
            file.readFully(rest);
            for (String line : new String(rest, StandardCharsets.UTF_8).split("\n")) {
                int level = Math.max(line.indexOf(" ERROR ["), line.indexOf(" WARN  ["));
                if (level > 0) {
                    String kind = line.substring(level + 1)
                            .replaceAll("\\(vert\\.x-[^)]*\\)", "")
                            .replaceAll("[0-9]+", "N");
                    kinds.merge(kind.length() > 220 ? kind.substring(0, 220) : kind, 1, Integer::sum);
                }
            }
        } catch (IOException e) {
            kinds.put("(log not read: " + e + ")", 1);
        }
        Map<String, Integer> sorted = new LinkedHashMap<>();
        kinds.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }

    private static long logSize(ServiceChild service) {
        try {
            return Files.size(service.log());
        } catch (IOException e) {
            return 0;
        }
    }

    /** The hot set: views built once (each a miss), checked to be in Redis, then served at the rate (all hits). */
    private void cachedPhase(int rate) throws Exception {
        int hot = integer("hot");
        List<String> set = new ArrayList<>(hot);
        for (int i = 0; i < hot; i++) {
            set.add(freshCustomer());
        }
        System.out.printf("%n[cached] warming %d views (one request each, 8 at a time)%n", hot);
        for (int round = 0; round < 2; round++) {
            List<CompletableFuture<Outcome>> warm = new ArrayList<>();
            Semaphore eight = new Semaphore(8);
            for (String id : set) {
                eight.acquire();
                warm.add(viewCall(id).whenComplete((o, f) -> eight.release()));
            }
            long failed = warm.stream()
                    .map(CompletableFuture::join)
                    .filter(o -> o.error() != null || o.degraded())
                    .count();
            if (failed > 0) {
                throw new IllegalStateException(
                        failed + " of the hot set's views failed or were degraded while warming");
            }
            Thread.sleep(1000);
        }
        long keys = redisExists(options.get("aggregator-redis"), set.toArray(String[]::new));
        System.out.printf("  %d of %d hot views in Redis%n", keys, hot);
        if (keys != hot) {
            throw new IllegalStateException("only " + keys + " of " + hot + " hot views are cached");
        }
        phase(
                "cached",
                rate,
                this::viewCall,
                () -> set.get(ThreadLocalRandom.current().nextInt(set.size())));
        long after = redisExists(options.get("aggregator-redis"), set.toArray(String[]::new));
        System.out.printf("  %d of %d hot views still in Redis after the phase%n", after, hot);
        csv.add(String.format("cached,%d,hot views cached before / after,%d / %d,", rate, keys, after));
    }

    record PhaseResult(
            String phase,
            int rate,
            Histogram histogram,
            long sent,
            long errors,
            long degraded,
            Map<String, Long> errorKinds,
            double seconds,
            double achieved,
            boolean overloaded,
            double lagAtStop,
            CpuMeter.Usage cpu,
            long profileRequests,
            long enrichmentRequests,
            Map<String, Long> providerOutcomes,
            double recoverySeconds,
            Map<String, Map<String, Integer>> logs) {}

    private record Load(
            Histogram histogram,
            long sent,
            long completed,
            AtomicLong errors,
            AtomicLong degraded,
            Map<String, Long> errorKinds,
            double seconds,
            boolean overloaded,
            double lagAtStop) {}

    private void phase(
            String phase, int rate, Function<String, CompletableFuture<Outcome>> call, Supplier<String> customers)
            throws Exception {
        Thread.sleep(integer("settle") * 1000L);
        Map<String, Long> logOffsets = new LinkedHashMap<>();
        for (ServiceChild service : List.of(aggregator, profile, enrichment)) {
            logOffsets.put(service.log().getFileName().toString(), logSize(service));
        }
        System.out.printf(
                "%n[%s] %d/s: %d s warm-up, then %d s measured (load average %s)%n",
                phase,
                rate,
                integer("warmup"),
                integer("duration"),
                Files.readString(Path.of("/proc/loadavg")).trim().split(" ")[0]);
        Load warm = load(rate, integer("warmup"), call, customers);
        System.out.printf(
                "  warm-up: %,d sent, %d errors, %d degraded%s%n",
                warm.sent(),
                warm.errors().get(),
                warm.degraded().get(),
                warm.overloaded() ? String.format(", stopped: %.0f s behind schedule", warm.lagAtStop()) : "");
        Thread.sleep(integer("settle") * 1000L);
        Map<String, Long> profileBefore = metrics(profile, "http_server_requests_seconds_count", "uri");
        Map<String, Long> enrichmentBefore = metrics(enrichment, "http_server_requests_seconds_count", "uri");
        Map<String, Long> outcomesBefore = metrics(aggregator, "aggregator_provider_seconds_count", "outcome");
        CpuMeter.Sample cpuBefore = cpu.sample();
        Load measured = load(rate, integer("duration"), call, customers);
        CpuMeter.Usage usage = cpu.between(cpuBefore, cpu.sample());
        long profileCalls = delta(
                profileBefore, metrics(profile, "http_server_requests_seconds_count", "uri"), "/api/v1/customers");
        long enrichmentCalls = delta(
                enrichmentBefore,
                metrics(enrichment, "http_server_requests_seconds_count", "uri"),
                "/api/v1/enrichment");
        Map<String, Long> outcomesAfter = metrics(aggregator, "aggregator_provider_seconds_count", "outcome");
        Map<String, Long> outcomes = new java.util.TreeMap<>();
        outcomesAfter.forEach((outcome, n) -> {
            long d = n - outcomesBefore.getOrDefault(outcome, 0L);
            if (d > 0) {
                outcomes.put(outcome, d);
            }
        });
        double recovered = phase.equals("baseline") ? 0 : recovery();
        Map<String, Map<String, Integer>> logs = new LinkedHashMap<>();
        for (ServiceChild service : List.of(aggregator, profile, enrichment)) {
            Map<String, Integer> digest = logDigest(
                    service, logOffsets.get(service.log().getFileName().toString()));
            if (!digest.isEmpty()) {
                logs.put(
                        service == aggregator
                                ? "aggregator-service"
                                : service == profile ? "profile-service" : "enrichment-service",
                        digest);
            }
        }
        PhaseResult result = new PhaseResult(
                phase,
                rate,
                measured.histogram(),
                measured.sent(),
                measured.errors().get(),
                measured.degraded().get(),
                measured.errorKinds(),
                measured.seconds(),
                measured.completed() / measured.seconds(),
                measured.overloaded(),
                measured.lagAtStop(),
                usage,
                profileCalls,
                enrichmentCalls,
                outcomes,
                recovered,
                logs);
        done.add(result);
        print(result);
        try (PrintStream out = new PrintStream(
                Files.newOutputStream(results.resolve("aggregator-" + runId + "-" + phase + "-" + rate + ".hgrm")))) {
            measured.histogram().outputPercentileDistribution(out, 1000.0);
        }
        if (rate == integer("rate") && measured.histogram().getTotalCount() > 0) {
            double target = phase.equals("cached") ? TARGET_CACHED_P99_MS : TARGET_UNCACHED_P99_MS;
            LatencyChart.write(
                    measured.histogram(),
                    target,
                    "aggregator-service " + phase + ", " + rate + " req/s",
                    results.resolve("aggregator-" + runId + "-" + phase + "-" + rate + ".png"));
        }
    }

    /**
     * A constant-rate schedule: request i is due at start + i/rate; its latency runs from that instant to its
     * answer, whether the generator was late or not. At most {@code --in-flight} requests are outstanding (a later
     * one waits, and its wait counts); the schedule stops when it is {@code --max-lag} seconds behind (overloaded).
     */
    private Load load(
            int rate, int seconds, Function<String, CompletableFuture<Outcome>> call, Supplier<String> customers)
            throws InterruptedException {
        long total = (long) rate * seconds;
        int cap = integer("in-flight");
        long maxLag = TimeUnit.SECONDS.toNanos(integer("max-lag"));
        Semaphore inFlight = new Semaphore(cap);
        Histogram histogram = new Histogram(HISTOGRAM_MAX_MICROS, 3);
        AtomicLong errors = new AtomicLong();
        AtomicLong degraded = new AtomicLong();
        AtomicLong completed = new AtomicLong();
        AtomicLong lastAnswer = new AtomicLong();
        Map<String, Long> errorKinds = new ConcurrentHashMap<>();
        boolean overloaded = false;
        double lagAtStop = 0;
        long sent = 0;
        long start = System.nanoTime();
        for (long i = 0; i < total; i++) {
            long intended = start + i * 1_000_000_000L / rate;
            long wait = intended - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            long lag = System.nanoTime() - intended;
            if (lag > maxLag || !inFlight.tryAcquire(maxLag - lag, TimeUnit.NANOSECONDS)) {
                overloaded = true;
                lagAtStop = (System.nanoTime() - intended) / 1e9;
                break;
            }
            sent++;
            call.apply(customers.get()).whenComplete((outcome, failure) -> {
                long now = System.nanoTime();
                long micros = Math.min((now - intended) / 1000, HISTOGRAM_MAX_MICROS);
                String error = failure != null ? failureKind(failure) : outcome.error();
                if (error != null) {
                    errors.incrementAndGet();
                    errorKinds.merge(error, 1L, Long::sum);
                } else {
                    if (outcome.degraded()) {
                        degraded.incrementAndGet();
                    }
                    synchronized (histogram) {
                        histogram.recordValue(micros);
                    }
                }
                completed.incrementAndGet();
                lastAnswer.accumulateAndGet(now, Math::max);
                inFlight.release();
            });
        }
        inFlight.acquire(cap);
        double elapsed = (Math.max(lastAnswer.get(), start + 1) - start) / 1e9;
        return new Load(histogram, sent, completed.get(), errors, degraded, errorKinds, elapsed, overloaded, lagAtStop);
    }

    // ------------------------------------------------------------------------------------------------- report

    private void print(PhaseResult r) {
        Histogram h = r.histogram();
        System.out.printf(
                "  %,d sent, %,d answered 200 (%,d degraded: a provider failed or timed out), %,d errors %s%n",
                r.sent(),
                h.getTotalCount(),
                r.degraded(),
                r.errors(),
                r.errorKinds().isEmpty() ? "" : r.errorKinds());
        System.out.printf(
                "  %.0f/s answered over %.1f s%s%n",
                r.achieved(),
                r.seconds(),
                r.overloaded() ? String.format("; OVERLOADED: stopped %.0f s behind schedule", r.lagAtStop()) : "");
        System.out.printf(
                "  latency ms: p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  max %.2f%n",
                ms(h, 50), ms(h, 90), ms(h, 99), ms(h, 99.9), h.getMaxValue() / 1000.0);
        long views = Math.max(1, h.getTotalCount() + r.errors());
        System.out.printf(
                "  profile-service requests %,d (%.2f per operation), enrichment-service %,d; provider outcomes %s%n",
                r.profileRequests(),
                r.profileRequests() / (double) views,
                r.enrichmentRequests(),
                r.providerOutcomes());
        System.out.printf("  CPU: %s%n", r.cpu().describe());
        StringBuilder perOp = new StringBuilder("  CPU per operation (ms):");
        r.cpu().coresByGroup().forEach((group, cores) -> {
            if (cores > 0.005) {
                perOp.append(String.format(" %s %.2f,", group, cores * r.cpu().seconds() * 1000 / views));
            }
        });
        System.out.println(perOp.substring(0, perOp.length() - 1));
        r.logs().forEach((service, kinds) -> {
            System.out.printf("  %s logged (warm-up, phase and recovery probe):%n", service);
            kinds.entrySet().stream()
                    .limit(8)
                    .forEach(e -> System.out.printf("    %6d x %s%n", e.getValue(), e.getKey()));
        });
        String p = r.phase();
        int rate = r.rate();
        double target =
                p.equals("cached") ? TARGET_CACHED_P99_MS : p.equals("uncached") ? TARGET_UNCACHED_P99_MS : Double.NaN;
        line(p, rate, "p50 ms", ms(h, 50), Double.NaN);
        line(p, rate, "p90 ms", ms(h, 90), Double.NaN);
        line(p, rate, "p99 ms", ms(h, 99), target);
        line(p, rate, "p99.9 ms", ms(h, 99.9), Double.NaN);
        line(p, rate, "max ms", h.getMaxValue() / 1000.0, Double.NaN);
        line(p, rate, "sent", r.sent(), Double.NaN);
        line(p, rate, "answered 200", h.getTotalCount(), Double.NaN);
        line(p, rate, "errors", r.errors(), 0);
        line(p, rate, "degraded views", r.degraded(), 0);
        line(p, rate, "answered per s", r.achieved(), rate);
        line(p, rate, "overloaded (stopped behind schedule)", r.overloaded() ? 1 : 0, 0);
        if (!p.equals("baseline")) {
            line(
                    p,
                    rate,
                    "seconds until a clean view after the phase (-1: not within --recovery)",
                    r.recoverySeconds(),
                    Double.NaN);
        }
        r.logs()
                .forEach((service, kinds) -> line(
                        p,
                        rate,
                        service + " ERROR/WARN lines",
                        kinds.values().stream().mapToInt(Integer::intValue).sum(),
                        Double.NaN));
        line(p, rate, "profile-service requests per operation", r.profileRequests() / (double) views, Double.NaN);
        line(p, rate, "machine busy cores", r.cpu().machineBusyCores(), Double.NaN);
        r.cpu().coresByGroup().forEach((group, cores) -> line(p, rate, "cores " + group, cores, Double.NaN));
        r.cpu()
                .coresByGroup()
                .forEach((group, cores) -> line(
                        p,
                        rate,
                        "CPU ms per operation " + group,
                        cores * r.cpu().seconds() * 1000 / views,
                        Double.NaN));
        r.errorKinds().forEach((kind, n) -> line(p, rate, "error " + kind, n, Double.NaN));
        r.providerOutcomes().forEach((outcome, n) -> line(p, rate, "provider calls " + outcome, n, Double.NaN));
    }

    private void report(TreeSet<Integer> rates) throws IOException {
        System.out.println("\n== summary ==");
        System.out.printf(
                "%-9s %6s %9s %8s %7s %8s %8s %8s %9s %9s %9s  %s%n",
                "phase",
                "rate/s",
                "answered/s",
                "200s",
                "errors",
                "degraded",
                "p50 ms",
                "p90 ms",
                "p99 ms",
                "p99.9 ms",
                "max ms",
                "note");
        for (PhaseResult r : done) {
            Histogram h = r.histogram();
            System.out.printf(
                    "%-9s %6d %9.0f %8d %7d %8d %8.2f %8.2f %9.2f %9.2f %9.2f  %s%s%n",
                    r.phase(),
                    r.rate(),
                    r.achieved(),
                    h.getTotalCount(),
                    r.errors(),
                    r.degraded(),
                    ms(h, 50),
                    ms(h, 90),
                    ms(h, 99),
                    ms(h, 99.9),
                    h.getMaxValue() / 1000.0,
                    r.errors() > 0 ? "ERRORS (percentiles are of the 200s only); " : "",
                    (r.overloaded() ? String.format("overloaded, stopped %.0f s behind; ", r.lagAtStop()) : "")
                            + (r.recoverySeconds() < 0
                                    ? "NOT recovered within " + integer("recovery") + " s"
                                    : r.recoverySeconds() > 1.5
                                            ? String.format("recovered after %.0f s", r.recoverySeconds())
                                            : ""));
        }
        for (int rate : rates) {
            PhaseResult uncached = find("uncached", rate);
            PhaseResult baseline = find("baseline", rate);
            if (uncached != null && baseline != null && baseline.histogram().getTotalCount() > 0) {
                double ratio = ms(uncached.histogram(), 99) / ms(baseline.histogram(), 99);
                boolean meaningful = !uncached.overloaded()
                        && !baseline.overloaded()
                        && uncached.errors() + uncached.degraded() <= uncached.sent() / 100
                        && baseline.errors() <= baseline.sent() / 100;
                System.out.printf(
                        "uncached p99 / baseline p99 at %d/s: %.2f (target <= %.1f)%s%n",
                        rate,
                        ratio,
                        TARGET_RATIO,
                        meaningful ? "" : "  not meaningful: a phase was overloaded or more than 1 % failed");
                line("uncached", rate, "p99 ratio to bare fan-out", ratio, TARGET_RATIO);
            }
        }
        Path file = results.resolve("aggregator-" + runId + ".csv");
        Files.write(file, csv);
        System.out.println(
                "results: " + file + " (+ .hgrm per phase, .png at " + integer("rate") + "/s, the services' logs)");
    }

    private PhaseResult find(String phase, int rate) {
        return done.stream()
                .filter(r -> r.phase().equals(phase) && r.rate() == rate)
                .findFirst()
                .orElse(null);
    }

    private static double ms(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(percentile) / 1000.0;
    }

    private void line(String phase, int rate, String metric, double value, double target) {
        csv.add(String.format(
                "%s,%d,%s,%.3f,%s",
                phase, rate, metric, value, Double.isNaN(target) ? "" : String.format("%.2f", target)));
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** Sums of a Prometheus counter on the service's /q/metrics, by the value of one label. */
    private Map<String, Long> metrics(ServiceChild service, String name, String label) {
        Map<String, Long> sums = new LinkedHashMap<>();
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create(service.baseUrl() + "/q/metrics"))
                            .timeout(Duration.ofSeconds(30))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            for (String line : response.body().split("\n")) {
                if (!line.startsWith(name + "{")) {
                    continue;
                }
                int at = line.indexOf(label + "=\"");
                String value = at < 0
                        ? ""
                        : line.substring(at + label.length() + 2, line.indexOf('"', at + label.length() + 2));
                double count = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                sums.merge(value, (long) count, Long::sum);
            }
        } catch (IOException | RuntimeException e) {
            System.out.printf("  (metrics of %s not read: %s)%n", service.baseUrl(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return sums;
    }

    private static long delta(Map<String, Long> before, Map<String, Long> after, String prefix) {
        long sum = 0;
        for (Map.Entry<String, Long> e : after.entrySet()) {
            if (e.getKey().startsWith(prefix)) {
                sum += e.getValue() - before.getOrDefault(e.getKey(), 0L);
            }
        }
        return sum;
    }

    private void deleteStreams() throws IOException, InterruptedException, JetStreamApiException {
        try (Connection nats = Nats.connect(options.get("nats"))) {
            JetStreamManagement jsm = nats.jetStreamManagement();
            for (String stream : jsm.getStreamNames()) {
                if (stream.startsWith(STREAM_PREFIX)) {
                    jsm.deleteStream(stream);
                }
            }
        }
    }

    private void recreateDatabase(String db) throws SQLException {
        Databases.recreate(options.get("pg"), db);
    }

    private long scalar(String db, String query) throws SQLException {
        return Databases.scalar(options.get("pg"), db, query);
    }

    /** EXISTS of the aggregator's view keys ({@code c360:agg:view:acme:<id>}, its default prefix). */
    private static long redisExists(String url, String... customers) {
        String[] keys = new String[customers.length];
        for (int i = 0; i < customers.length; i++) {
            keys[i] = "c360:agg:view:" + TENANT + ":" + customers[i];
        }
        try (Jedis redis = new Jedis(URI.create(url))) { // redis://host:port/db selects the database
            return redis.exists(keys);
        }
    }

    /** Empties the Redis database of {@code url} (redis://host:port/db). */
    private static void flushRedis(String url) {
        try (Jedis redis = new Jedis(URI.create(url))) {
            redis.flushDB();
        }
    }

    private int integer(String option) {
        return Integer.parseInt(options.get(option));
    }

    /**
     * Real Keycloak access tokens of the benchmark user (password grant, password = user name as in the demo realm):
     * the one bench/aggregator.sh got with get_token, then a new one every 5 minutes, as a run outlives a token (15 min).
     */
    static final class Tokens {

        private static final long RENEW_AFTER = TimeUnit.MINUTES.toNanos(5);
        private final String tokenUrl;
        private final String client;
        private final String user;
        private final HttpClient http = HttpClient.newHttpClient();
        private volatile String token;
        private volatile long issued;

        Tokens(String tokenUrl, String client, String user, String initial) {
            this.tokenUrl = tokenUrl;
            this.client = client;
            this.user = user;
            this.token = initial;
            this.issued = System.nanoTime();
        }

        String current() {
            if (token == null || token.isBlank() || System.nanoTime() - issued > RENEW_AFTER) {
                renew();
            }
            return token;
        }

        private synchronized void renew() {
            if (token != null && !token.isBlank() && System.nanoTime() - issued <= RENEW_AFTER) {
                return;
            }
            String form = "grant_type=password&client_id=" + encode(client) + "&username=" + encode(user) + "&password="
                    + encode(user);
            try {
                HttpResponse<String> response = http.send(
                        HttpRequest.newBuilder(URI.create(tokenUrl))
                                .header("Content-Type", "application/x-www-form-urlencoded")
                                .POST(HttpRequest.BodyPublishers.ofString(form))
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"")
                        .matcher(response.body());
                if (response.statusCode() != 200 || !m.find()) {
                    throw new IllegalStateException(
                            "no token for " + user + " from " + tokenUrl + ": " + response.statusCode());
                }
                token = m.group(1);
                issued = System.nanoTime();
            } catch (IOException e) {
                throw new IllegalStateException("Keycloak at " + tokenUrl + " does not answer: " + e, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        private static String encode(String value) {
            return URLEncoder.encode(value, StandardCharsets.UTF_8);
        }
    }
}
