package io.customer360.bench.profile;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.customer360.bench.harness.BenchOptions;
import io.customer360.bench.harness.Databases;
import io.customer360.bench.harness.LatencyChart;
import io.customer360.bench.harness.Messages;
import io.customer360.bench.harness.ServiceChild;
import io.customer360.common.contract.messages.NormalizedEvent;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.PublishOptions;
import io.nats.client.api.PublishAck;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * profile-service benchmark (see bench/profile.sh):
 * <ol>
 * <li><b>write</b>: N normalized events of the catalog's mix, published to {@code BENCH_PROFILE_EVENTS} while the
 * packaged service is stopped, then drained by it into a fresh database; events/s = N / (first → last commit, from
 * the rows' {@code stored_at}); every event id stored exactly once.</li>
 * <li><b>copy</b>: the raw baseline of the same run: PostgreSQL {@code COPY} (binary) of exactly the rows the write
 * phase produced (customers, identities, timeline, records, purchases) into the same tables of the same database,
 * under another tenant, in one transaction; events/s = N / COPY time.</li>
 * <li><b>read</b>: a store of 100,000 customers and 5,000,000 events (seeded once by SQL, kept between runs); the 360
 * section endpoints at a constant 500 requests/s in total (round robin over the endpoints, random customers);
 * latency = response − intended send time, so a stall cannot hide queueing (no coordinated omission).</li>
 * </ol>
 */
public final class ProfileBenchmark {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String TENANT = "acme";
    /** The seeded read store: customers c0 … c99999 of tenant acme. */
    public static final String READ_STORE = "c360_profile_bench_read";

    private static final String STREAM = ServiceChild.STREAM_PREFIX + "PROFILE_EVENTS";
    private static final String[] TABLES = {
        "customers", "customer_identities", "timeline_events", "records", "purchases"
    };
    private static final String[] ENDPOINTS = {
        "",
        "/timeline",
        "/purchases",
        "/subscription",
        "/support",
        "/engagement",
        "/usage",
        "/sales",
        "/security",
        "/contacts",
        "/notes",
        "/work-orders",
        "/knowledge",
        "/success"
    };
    private static final double TARGET_WRITE = 10_000;
    private static final double TARGET_RATIO = 0.4;
    private static final double TARGET_P99_MS = 10;

    private final Map<String, String> options;
    private final Path results;
    private final String runId = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    private final List<String> summary = new ArrayList<>();
    private final List<String> csv = new ArrayList<>(List.of("phase,metric,value,target"));
    private Double writeRate;

    private ProfileBenchmark(Map<String, String> options) {
        this.options = options;
        this.results = Path.of(options.get("results"));
    }

    public static void main(String[] args) throws Exception {
        Locale.setDefault(Locale.US);
        Map<String, String> options = defaults();
        BenchOptions.override(options, args, "bench/profile.sh");
        new ProfileBenchmark(options).run();
    }

    private static Map<String, String> defaults() {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("phases", "write,copy,read");
        options.put("events", "100000");
        options.put("warmup-events", "20000");
        options.put("customers", "10000");
        options.put("read-customers", "100000");
        options.put("read-events", "5000000");
        options.put("rate", "500");
        options.put("duration", "60");
        options.put("warmup", "60");
        options.put("port", "18192");
        options.put("jar", "profile-service/target/quarkus-app/quarkus-run.jar");
        options.put("nats", "nats://127.0.0.1:4222");
        options.put("pg", "127.0.0.1:5432");
        options.put("results", "bench/results");
        options.put("child-opts", "");
        return options;
    }

    /**
     * The read store ({@value #READ_STORE}: 100,000 acme customers, 5,000,000 events), seeded when missing or smaller
     * than asked, else left as it is; {@code overrides} as in {@link #defaults()} (port, jar, results of the child
     * that runs the migrations). Other benchmarks read the same store.
     */
    public static void ensureReadStore(Map<String, String> overrides) throws Exception {
        Map<String, String> options = defaults();
        options.putAll(overrides);
        new ProfileBenchmark(options).readStore();
    }

    private void run() throws Exception {
        Files.createDirectories(results);
        List<String> phases = List.of(options.get("phases").split(","));
        System.out.printf("profile-service benchmark %s: %s%n", runId, options);
        if (phases.contains("write")) {
            write();
        }
        if (phases.contains("copy")) {
            copyBaseline();
        }
        if (phases.contains("read")) {
            read();
        }
        System.out.println("\n== summary ==");
        summary.forEach(System.out::println);
        Files.write(results.resolve("profile-" + runId + ".csv"), csv);
        System.out.println("results: " + results.resolve("profile-" + runId + ".csv"));
    }

    // ------------------------------------------------------------------------------------------------- write

    private void write() throws Exception {
        int n = integer("events");
        int total = n + integer("warmup-events");
        String db = "c360_profile_bench_write";
        System.out.printf(
                "%n[write] %,d normalized events over %,d customers into a fresh %s, after %,d warm-up events%n",
                n, integer("customers"), db, integer("warmup-events"));
        recreateDatabase(db);
        try (Connection nats = Nats.connect(options.get("nats"))) {
            JetStreamManagement jsm = nats.jetStreamManagement();
            for (String stream : List.of(
                    STREAM,
                    ServiceChild.STREAM_PREFIX + "PROFILE_CHANGES",
                    ServiceChild.STREAM_PREFIX + "CUSTOMER360")) {
                deleteStream(jsm, stream);
            }
            // the service creates the streams and its durable consumer, then stops: the events wait in the stream
            try (ServiceChild child = startChild(db, "write-setup")) {
                child.awaitReady(Duration.ofSeconds(120));
            }
            publish(nats.jetStream(), "bwarm_", integer("warmup-events"));
            publish(nats.jetStream(), "bev_", n);
        }
        Instant started = Instant.now();
        long measuredFrom = 0;
        long measuredTo = 0;
        int warmup = integer("warmup-events");
        // the service announces every stored event on profile.changed after its commit: counted here, no database
        // polling
        java.util.Set<String> announced = java.util.concurrent.ConcurrentHashMap.newKeySet();
        try (Connection observer = Nats.connect(options.get("nats"))) {
            io.nats.client.Dispatcher dispatcher = observer.createDispatcher(message -> {
                try {
                    MAPPER.readTree(message.getData()).get("eventIds").forEach(id -> announced.add(id.asText()));
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            dispatcher.subscribe(ServiceChild.SUBJECT_PREFIX + "profile.changed.>");
            observer.flush(Duration.ofSeconds(5));
            try (ServiceChild child = startChild(db, "write")) {
                long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
                long reported = 0;
                while (System.nanoTime() < deadline) {
                    if (!child.alive()) {
                        throw new IllegalStateException("profile-service exited:\n" + child.tail(20));
                    }
                    int stored = announced.size();
                    if (measuredFrom == 0 && stored >= warmup) {
                        measuredFrom = System.nanoTime();
                    }
                    if (stored >= total) {
                        measuredTo = System.nanoTime();
                        break;
                    }
                    if (stored - reported >= 20_000) {
                        System.out.printf("  %,d stored%n", stored);
                        reported = stored;
                    }
                    Thread.sleep(10);
                }
            }
        }
        long stored = scalar(db, "SELECT count(*) FROM timeline_events WHERE event_id LIKE 'bev\\_%'");
        long distinct =
                scalar(db, "SELECT count(DISTINCT event_id) FROM timeline_events WHERE event_id LIKE 'bev\\_%'");
        double seconds = (measuredTo - measuredFrom) / 1e9;
        writeRate = n / seconds;
        System.out.printf(
                "  stored %,d (%,d distinct) of %,d in %.2f s after the warm-up (%.0f s wall with start-up): %,.0f events/s%n",
                stored,
                distinct,
                n,
                seconds,
                Duration.between(started, Instant.now()).toMillis() / 1000.0,
                writeRate);
        line("write", "events/s applied", writeRate, TARGET_WRITE);
        line("write", "stored exactly once", stored == n && distinct == n ? 1 : 0, 1);
        for (String table : TABLES) {
            System.out.printf("  %-20s %,d rows%n", table, scalar(db, "SELECT count(*) FROM " + table));
        }
    }

    private ServiceChild startChild(String db, String label) throws IOException {
        Path jar = Path.of(options.get("jar"));
        return ServiceChild.start(
                "profile-service",
                jar,
                integer("port"),
                options.get("nats"),
                options.get("child-opts"),
                List.of("DB_URL=postgresql://" + options.get("pg") + "/" + db, "quarkus.log.level=WARN"),
                results.resolve("profile-" + runId + "-" + label + ".log"));
    }

    /** The mix of a B2B customer's event stream: usage and logins dominate, billing and support follow. */
    private void publish(JetStream js, String idPrefix, int n) throws Exception {
        String[] types = {
            "login",
            "session",
            "feature_used",
            "feature_used",
            "purchase",
            "ticket_opened",
            "ticket_updated",
            "invoice_issued",
            "payment_succeeded",
            "note",
            "contact_added",
            "deal_updated",
            "profile_update",
            "nps_response",
            "meeting_held",
            "webinar_attended"
        };
        int customers = integer("customers");
        Semaphore inFlight = new Semaphore(4000);
        AtomicLong failed = new AtomicLong();
        long start = System.nanoTime();
        Instant base = Instant.now().minus(Duration.ofDays(30));
        for (int i = 0; i < n; i++) {
            String type = types[i % types.length];
            String customer = "bench_" + (i * 7919L % customers);
            ObjectNode data = MAPPER.createObjectNode();
            int k = i % 5;
            switch (type) {
                case "purchase" ->
                    data.put("purchase_id", "ord_" + i)
                            .put("product_name", "Widget " + k)
                            .put("total", 10.5 + k)
                            .put("quantity", 1)
                            .put("customer_name", "Customer " + customer);
                case "ticket_opened", "ticket_updated" ->
                    data.put("ticket_id", "T" + (i % 3))
                            .put("title", "Ticket about export " + k)
                            .put("priority", k == 0 ? "urgent" : "normal")
                            .put("status", k == 4 ? "resolved" : "open");
                case "invoice_issued" ->
                    data.put("invoice_id", "INV-" + i).put("amount", 100 * k).put("due_date", "2026-12-01");
                case "payment_succeeded" -> data.put("payment_id", "pay_" + i).put("amount", 100 * k);
                case "note" -> data.put("content", "Talked about the roll-out plan and seat count " + k);
                case "contact_added" ->
                    data.put("contact_id", "ct" + k)
                            .put("contact_name", "Contact " + k)
                            .put("role", "champion");
                case "deal_updated" ->
                    data.put("deal_id", "d" + (i % 2)).put("stage", "proposal").put("amount", 1000 * k);
                case "profile_update" ->
                    data.put("name", "Customer " + customer)
                            .put("industry", "Retail")
                            .put("company", "Co " + customer);
                case "nps_response" -> data.put("score", 5 + k);
                case "session" -> data.put("user_id", "u" + k).put("duration_seconds", 300 * (k + 1));
                case "feature_used" -> data.put("feature", "feature_" + k).put("user_id", "u" + k);
                default -> data.put("title", "Activity " + k);
            }
            NormalizedEvent event = new NormalizedEvent(
                    idPrefix + runId + "_" + i,
                    TENANT,
                    customer,
                    null,
                    type,
                    base.plusSeconds(i % 2_592_000L),
                    "bench",
                    data,
                    MAPPER.createObjectNode(),
                    null,
                    true,
                    Instant.now());
            inFlight.acquire();
            CompletableFuture<PublishAck> ack = js.publishAsync(
                    ServiceChild.SUBJECT_PREFIX + "profile.events." + TENANT + "." + customer + "." + type,
                    Messages.write(event),
                    PublishOptions.builder()
                            .messageId(idPrefix + runId + "_" + i)
                            .build());
            ack.whenComplete((ignored, failure) -> {
                if (failure != null) {
                    failed.incrementAndGet();
                }
                inFlight.release();
            });
        }
        inFlight.acquire(4000);
        System.out.printf(
                "  published %,d events (%d failed) in %.1f s while the service was stopped%n",
                n, failed.get(), (System.nanoTime() - start) / 1e9);
    }

    // -------------------------------------------------------------------------------------------------- copy

    /** COPY of the write phase's own rows into the same tables under another tenant, in FK order, in one transaction. */
    private void copyBaseline() throws Exception {
        String db = "c360_profile_bench_write";
        long n = scalar(db, "SELECT count(*) FROM timeline_events WHERE tenant = '" + TENANT + "'");
        System.out.printf("  (all %,d events of the write phase, warm-up included)%n", n);
        System.out.printf("%n[copy] PostgreSQL COPY (binary) of the same rows into the same tables of %s%n", db);
        try (java.sql.Connection sql =
                DriverManager.getConnection("jdbc:postgresql://" + options.get("pg") + "/" + db, "postgres", "")) {
            try (Statement statement = sql.createStatement()) {
                statement.execute("DELETE FROM customers WHERE tenant = 'copybench'");
            }
            CopyManager copy = sql.unwrap(PGConnection.class).getCopyAPI();
            Map<String, byte[]> data = new LinkedHashMap<>();
            Map<String, String> columns = new LinkedHashMap<>();
            for (String table : TABLES) {
                List<String> names = new ArrayList<>();
                try (Statement statement = sql.createStatement();
                        ResultSet rows = statement.executeQuery(
                                "SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = '"
                                        + table + "' AND is_generated = 'NEVER' ORDER BY ordinal_position")) {
                    while (rows.next()) {
                        names.add(rows.getString(1));
                    }
                }
                columns.put(table, String.join(", ", names));
                String select = String.join(
                        ", ",
                        names.stream()
                                .map(c -> c.equals("tenant") ? "'copybench'::text" : c)
                                .toList());
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                copy.copyOut(
                        "COPY (SELECT " + select + " FROM " + table + " WHERE tenant = '" + TENANT
                                + "') TO STDOUT (FORMAT binary)",
                        out);
                data.put(table, out.toByteArray());
            }
            sql.setAutoCommit(false);
            long start = System.nanoTime();
            for (String table : TABLES) {
                copy.copyIn(
                        "COPY " + table + " (" + columns.get(table) + ") FROM STDIN (FORMAT binary)",
                        new ByteArrayInputStream(data.get(table)));
            }
            sql.commit();
            double seconds = (System.nanoTime() - start) / 1e9;
            double copyRate = n / seconds;
            System.out.printf("  COPY of %,d events' rows: %.2f s, %,.0f events/s%n", n, seconds, copyRate);
            line("copy", "events/s by COPY (baseline)", copyRate, Double.NaN);
            if (writeRate != null) {
                System.out.printf("  profile-service / COPY = %.2f%n", writeRate / copyRate);
                line("write", "ratio to COPY", writeRate / copyRate, TARGET_RATIO);
            }
            sql.setAutoCommit(true);
            try (Statement statement = sql.createStatement()) {
                statement.execute("DELETE FROM customers WHERE tenant = 'copybench'");
            }
        }
    }

    // -------------------------------------------------------------------------------------------------- read

    private void read() throws Exception {
        String db = READ_STORE;
        int customers = integer("read-customers");
        String token = System.getenv("BENCH_TOKEN");
        if (token == null || token.isBlank()) {
            throw new IllegalStateException(
                    "BENCH_TOKEN (an acme-viewer access token) is not set; bench/profile.sh sets it");
        }
        readStore();
        System.out.printf(
                "%n[read] %,d customers, %,d events in %s; %d req/s over %d endpoints for %s s after %s s warm-up%n",
                scalar(db, "SELECT count(*) FROM customers"),
                scalar(db, "SELECT count(*) FROM timeline_events"),
                db,
                integer("rate"),
                ENDPOINTS.length,
                options.get("duration"),
                options.get("warmup"));
        try (ServiceChild child = startChild(db, "read")) {
            child.awaitReady(Duration.ofSeconds(120));
            Histogram[] histograms = load(token, customers);
            Histogram all = new Histogram(3);
            System.out.printf(
                    "  %-16s %8s %8s %8s %8s %8s%n", "endpoint", "count", "p50 ms", "p99 ms", "p99.9 ms", "max ms");
            double worst = 0;
            for (int e = 0; e < ENDPOINTS.length; e++) {
                Histogram h = histograms[e];
                all.add(h);
                double p99 = h.getValueAtPercentile(99) / 1000.0;
                worst = Math.max(worst, p99);
                String name = ENDPOINTS[e].isEmpty() ? "/ (profile)" : ENDPOINTS[e];
                System.out.printf(
                        "  %-16s %8d %8.2f %8.2f %8.2f %8.2f%n",
                        name,
                        h.getTotalCount(),
                        h.getValueAtPercentile(50) / 1000.0,
                        p99,
                        h.getValueAtPercentile(99.9) / 1000.0,
                        h.getMaxValue() / 1000.0);
                line("read", "p99 ms " + name, p99, TARGET_P99_MS);
            }
            line("read", "p99 ms, worst endpoint", worst, TARGET_P99_MS);
            try (PrintStream out =
                    new PrintStream(Files.newOutputStream(results.resolve("profile-" + runId + "-read.hgrm")))) {
                all.outputPercentileDistribution(out, 1000.0);
            }
            LatencyChart.write(
                    all,
                    TARGET_P99_MS,
                    "profile-service 360 sections, " + integer("rate") + " req/s, all endpoints",
                    results.resolve("profile-" + runId + "-read.png"));
        }
    }

    private void readStore() throws Exception {
        int customers = integer("read-customers");
        long events = Long.parseLong(options.get("read-events"));
        // a seed cut short (PostgreSQL restarted under it) leaves the rows without their indexes: only the marker
        // written after the last index says the store is whole
        if (!exists(READ_STORE)
                || scalar(READ_STORE, "SELECT count(*) FROM pg_tables WHERE tablename = 'bench_seed_complete'") == 0
                || scalar(READ_STORE, "SELECT count(*) FROM customers") < customers
                || scalar(READ_STORE, "SELECT count(*) FROM timeline_events") < events) {
            seed(READ_STORE, customers, events);
        }
    }

    /**
     * Warm-up (the JIT compiles the request path; not measured), a pause until its last response, then the measured
     * constant-rate load: microseconds from each request's intended send time to its complete response, per endpoint.
     */
    private Histogram[] load(String token, int customers) throws InterruptedException {
        int rate = integer("rate");
        Histogram[] histograms = new Histogram[ENDPOINTS.length];
        for (int e = 0; e < histograms.length; e++) {
            histograms[e] = new Histogram(60_000_000L, 3);
        }
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        AtomicLong errors = new AtomicLong();
        constantRate(http, token, customers, rate, integer("warmup"), null, errors);
        long warmupErrors = errors.getAndSet(0);
        constantRate(http, token, customers, rate, integer("duration"), histograms, errors);
        System.out.printf(
                "  %,d measured requests, %d errors (non-200 or failed); %d errors during the warm-up%n",
                (long) rate * integer("duration"), errors.get(), warmupErrors);
        line("read", "errors", errors.get(), 0);
        return histograms;
    }

    private void constantRate(
            HttpClient http,
            String token,
            int customers,
            int rate,
            int seconds,
            Histogram[] histograms,
            AtomicLong errors) {
        long total = (long) rate * seconds;
        List<CompletableFuture<?>> pending = new ArrayList<>();
        long start = System.nanoTime();
        for (long i = 0; i < total; i++) {
            long intended = start + i * 1_000_000_000L / rate;
            long wait = intended - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            int endpoint = (int) (i % ENDPOINTS.length);
            String customer = "c" + ThreadLocalRandom.current().nextInt(customers);
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + integer("port")
                            + "/api/v1/customers/" + customer + ENDPOINTS[endpoint]))
                    .header("Authorization", "Bearer " + token)
                    .timeout(Duration.ofSeconds(30))
                    .build();
            pending.add(http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                    .whenComplete((response, failure) -> {
                        long micros = (System.nanoTime() - intended) / 1000;
                        if (failure != null || response.statusCode() != 200) {
                            errors.incrementAndGet();
                        } else if (histograms != null) {
                            synchronized (histograms[endpoint]) {
                                histograms[endpoint].recordValue(Math.min(micros, 60_000_000L));
                            }
                        }
                    }));
            if (pending.size() > 5000) {
                pending.removeIf(CompletableFuture::isDone);
            }
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new))
                .exceptionally(ignored -> null)
                .join();
    }

    /**
     * Seeds the read store with SQL (minutes, once; kept between runs): the schema from the service's migrations, then
     * customers, events and records of every section with the indexes dropped and rebuilt afterwards. Each customer
     * gets events/customers events, of every type, over about 400 days.
     */
    private void seed(String db, int customers, long events) throws Exception {
        System.out.printf(
                "%n[read] seeding %s: %,d customers, %,d events (once; kept for later runs)%n", db, customers, events);
        recreateDatabase(db);
        try (ServiceChild child = startChild(db, "seed-migrate")) {
            child.awaitReady(Duration.ofSeconds(120));
        }
        long start = System.nanoTime();
        try (java.sql.Connection sql = DriverManager.getConnection(
                        "jdbc:postgresql://" + options.get("pg") + "/" + db, "postgres", "");
                Statement statement = sql.createStatement()) {
            List<String> indexes = new ArrayList<>();
            try (ResultSet rows =
                    statement.executeQuery("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' "
                            + "AND tablename IN ('timeline_events', 'records') AND indexname NOT LIKE '%pkey'")) {
                while (rows.next()) {
                    indexes.add(rows.getString(2));
                }
            }
            for (String index : indexes) {
                statement.execute("DROP INDEX " + index.replaceAll("^CREATE (UNIQUE )?INDEX (\\S+) .*$", "$2"));
            }
            statement.execute(
                    "CREATE OR REPLACE FUNCTION seed_v(value anyelement) RETURNS jsonb LANGUAGE sql IMMUTABLE AS "
                            + "$$ SELECT jsonb_build_object('v', to_jsonb(value), 'at', '00000000000000000|seed') $$");
            statement.execute(
                    "INSERT INTO customers (tenant, id, fields, customer_since, lifetime_value) SELECT 'acme', 'c' || g, "
                            + "jsonb_build_object('name', seed_v('Customer ' || g), 'email', seed_v('c' || g || '@example.com'), "
                            + "'company', seed_v('Company ' || (g % 5000)), 'industry', seed_v('Retail'::text)), now() - interval '2 years', 100 "
                            + "FROM generate_series(0, " + (customers - 1) + ") g");
            statement.execute("INSERT INTO customer_identities (tenant, kind, value, customer_id) "
                    + "SELECT 'acme', 'email', 'c' || g || '@example.com', 'c' || g FROM generate_series(0, "
                    + (customers - 1) + ") g");
            statement.execute(
                    "INSERT INTO timeline_events (tenant, event_id, customer_id, event_type, occurred_at, title, description, "
                            + "status, source_service, data, metadata, received_at) SELECT 'acme', 'e' || g, 'c' || (g % "
                            + customers + "), "
                            + "(ARRAY['login','session','feature_used','login_failed','ticket_opened','nps_response','meeting_held',"
                            + "'csm_touchpoint','sales_activity','health_event'])[(g / " + customers + ") % 10 + 1], "
                            + "now() - (g / " + customers
                            + " * 8 + g % 7) * interval '1 day' - (g % 1440) * interval '1 minute', "
                            + "'Event ' || g, 'Customer activity number ' || g, "
                            + "(ARRAY['open','completed',NULL])[g % 3 + 1], 'seed', jsonb_build_object('user_id', 'u' || (g % 9), "
                            + "'duration_seconds', g % 3600, 'feature', 'feature_' || (g % 12), 'score', g % 11, 'severity', 'low'), "
                            + "'{}'::jsonb, now() FROM generate_series(0, " + (events - 1) + ") g");
            statement.execute(
                    "INSERT INTO records (tenant, customer_id, kind, record_id, fields, first_seen_at, last_changed_at) "
                            + "SELECT 'acme', 'c' || g, k.kind, k.kind || '_' || r, jsonb_build_object('status', seed_v(k.status), "
                            + "'amount', seed_v(100 * r), 'priority', seed_v('P' || (r % 4 + 1)), 'title', seed_v(k.kind || ' ' || r), "
                            + "'role', seed_v(CASE WHEN r = 0 THEN 'champion' ELSE 'user' END), 'csat', seed_v(r % 5 + 1), "
                            + "'seats_total', seed_v(20), 'seats_used', seed_v(12), 'mrr', seed_v(1000), 'content', seed_v('Note ' || r)), "
                            + "now() - (r + 5) * interval '1 day', now() - r * interval '1 day' "
                            + "FROM generate_series(0, " + (customers - 1) + ") g, generate_series(0, 2) r, "
                            + "(VALUES ('ticket', 'open'), ('invoice', 'paid'), ('payment', 'failed'), ('contact', 'active'), "
                            + "('deal', 'open'), ('note', NULL), ('work_order', 'open'), ('milestone', 'planned')) AS k(kind, status)");
            statement.execute(
                    "INSERT INTO records (tenant, customer_id, kind, record_id, fields, first_seen_at, last_changed_at) "
                            + "SELECT 'acme', 'c' || g, k.kind, k.id, jsonb_build_object('plan', seed_v('Pro'::text), 'status', seed_v('active'::text), "
                            + "'mrr', seed_v(1000), 'seats_total', seed_v(20), 'seats_used', seed_v(12), 'mfa_enabled', seed_v(true)), "
                            + "now() - interval '90 days', now() - interval '3 days' FROM generate_series(0, "
                            + (customers - 1) + ") g, "
                            + "(VALUES ('subscription', 'primary'), ('security', 'settings'), ('segment', 'premium')) AS k(kind, id)");
            statement.execute(
                    "INSERT INTO purchases (tenant, id, customer_id, event_id, product_name, total, purchased_at) "
                            + "SELECT 'acme', 'o' || g, 'c' || g, 'e' || g, 'Widget', 100, now() - interval '10 days' "
                            + "FROM generate_series(0, " + (customers - 1) + ") g");
            for (String index : indexes) {
                statement.execute(index);
            }
            statement.execute("ANALYZE");
            statement.execute("CREATE TABLE IF NOT EXISTS bench_seed_complete AS SELECT now() AS seeded_at");
        }
        System.out.printf("  seeded in %.0f s%n", (System.nanoTime() - start) / 1e9);
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private void recreateDatabase(String db) throws SQLException {
        Databases.recreate(options.get("pg"), db);
    }

    private boolean exists(String db) throws SQLException {
        return Databases.exists(options.get("pg"), db);
    }

    private long scalar(String db, String query) throws SQLException {
        return Databases.scalar(options.get("pg"), db, query);
    }

    private static void deleteStream(JetStreamManagement jsm, String stream) throws IOException {
        try {
            jsm.deleteStream(stream);
        } catch (JetStreamApiException notThere) {
            // nothing to delete
        }
    }

    private void line(String phase, String metric, double value, double target) {
        String targetText = Double.isNaN(target) ? "" : String.format("%.2f", target);
        csv.add(String.format("%s,%s,%.3f,%s", phase, metric, value, targetText));
        summary.add(String.format(
                "%-6s %-36s %14.2f   target %s", phase, metric, value, targetText.isEmpty() ? "-" : targetText));
    }

    private int integer(String option) {
        return Integer.parseInt(options.get(option));
    }
}
