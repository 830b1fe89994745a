package io.customer360.bench.ingest;

import io.customer360.bench.harness.BenchOptions;
import io.customer360.bench.harness.CpuMeter;
import io.customer360.bench.harness.Databases;
import io.customer360.bench.harness.LatencyChart;
import io.customer360.bench.harness.ServiceChild;
import io.nats.client.Connection;
import io.nats.client.ConsumeOptions;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamOptions;
import io.nats.client.MessageConsumer;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * Ingest benchmark (see bench/ingest.sh):
 * <ol>
 * <li><b>raw</b>: bare jnats baseline; async JetStream publishes of N seed-shaped events into {@code BENCH_RAW}
 * while a durable pull consumer consumes and acks them; events/s = N / (first publish → last consumed-and-acked).</li>
 * <li><b>ingest</b>: the packaged ingest-service as a child JVM ({@code bench.}/{@code BENCH_} prefixes); N unique
 * purchase events published asynchronously to {@code bench.customer.events.bench_<k>.purchase}; an ordered
 * consumer on {@code BENCH_PROFILE_EVENTS} counts the normalized events; events/s = N / (first publish → last new
 * normalized event); exactly-once = N distinct event ids, no duplicates.</li>
 * <li><b>latency</b>: constant rate R for D s after a warm-up; latency = normalized event observed − intended
 * send time (t0 + i/R), so a stalled sender or service cannot hide queueing (no coordinated omission).</li>
 * </ol>
 * Then the child is stopped and the BENCH_ streams and durable consumers are deleted.
 * <p>
 * Modes ({@code --mode}): <b>shared</b> (above: the machine's NATS without accounts, {@code bench.}/{@code BENCH_}
 * names, the child creates its topology itself); <b>open</b> and <b>secured</b>: a nats-server bench/ingest.sh started
 * for this run alone (fresh store; {@code --nats}, {@code --nats-pid}), the contract's names without prefixes, streams
 * and durables created by the provisioning step (common's {@code Provision} main) as {@code ./mesh up} does, the child
 * only binds. <i>secured</i> is the server of {@code ./mesh test} (k8s/base/nats/accounts.conf): the provisioning step
 * runs as {@code c360-provision}, the child as {@code ingest-service}, the load generator publishes as
 * {@code partner-default} (the default tenant's account, mapped into {@code CUSTOMER_EVENTS}) and the observer reads
 * {@code PROFILE_EVENTS} as the operator ({@code provision.creds}, inbox prefix {@code _INBOX.c360-provision}).
 * <i>open</i> is the same server configuration without accounts and everything else identical, so the two differ
 * only by authentication and authorization (bench/ingest-auth.sh compares them).
 */
public final class IngestBenchmark {

    static final String RAW_STREAM = "BENCH_RAW";
    static final String RAW_DURABLE = "BENCH_raw-bench";
    static final String RELAY_IN = "BENCH_RELAY_IN";
    static final String RELAY_OUT = "BENCH_RELAY_OUT";
    static final String RELAY_DURABLE = "BENCH_relay-bench";
    static final String TENANT = "acme"; // ingest-service's default tenant for plain customer.events subjects
    /** The streams of common's Topology (declared tenants acme, globex): what a child with provisioning creates. */
    static final List<String> TOPOLOGY_STREAMS = List.of(
            "CUSTOMER_EVENTS",
            "CUSTOMER_EVENTS_ACME",
            "CUSTOMER_EVENTS_GLOBEX",
            "HTTP_EVENTS",
            "PROFILE_EVENTS",
            "PROFILE_CHANGES",
            "ENRICHMENT",
            "CUSTOMER360");
    /** Users of the secured mode (credentials files in --credentials). */
    static final String PARTNER = "partner-default";

    static final String OPERATOR = "provision";
    static final String SERVICE = "ingest-service";

    static final double TARGET_EVENTS_PER_S = 10_000;
    static final double TARGET_RATIO = 0.35;
    static final double TARGET_P99_MS = 50;
    static final int TARGET_RATE = 2_000;

    private static final int STREAM_NOT_FOUND = 10059;
    private static final int CONSUMER_NOT_FOUND = 10014;

    private final BenchOptions options;
    private final String mode;
    private final boolean secured;
    private final String subjectPrefix;
    private final String streamPrefix;
    private final String customerStream;
    private final String profileStream;
    private final String ingestDurable;
    private final String profileSubjects;
    private final String runId;
    private final Path results;
    private final Payloads payloads;
    private final CpuMeter cpu = new CpuMeter();
    private final Report report = new Report();
    private Connection publisherConnection;
    private Connection observerConnection;
    private JetStreamManagement jsm;
    private ServiceChild child;
    private Path snapshotDir;
    private Path serviceCopy;
    private boolean provisioned;
    private Double rawRate;
    private Histogram latency;

    private IngestBenchmark(BenchOptions options) {
        this.options = options;
        this.mode = options.mode();
        this.secured = mode.equals("secured");
        // shared: the machine's NATS, shared with the @QuarkusTests and a running mesh; else a server of this run alone
        this.subjectPrefix = mode.equals("shared") ? ServiceChild.SUBJECT_PREFIX : "";
        this.streamPrefix = mode.equals("shared") ? ServiceChild.STREAM_PREFIX : "";
        this.customerStream = streamPrefix + "CUSTOMER_EVENTS";
        this.profileStream = streamPrefix + "PROFILE_EVENTS";
        this.ingestDurable = streamPrefix + "ingest-service";
        this.profileSubjects = subjectPrefix + "profile.events.>";
        this.runId = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        this.results = options.path("results");
        this.payloads = new Payloads(runId, options.integer("customers"));
    }

    public static void main(String[] args) throws Exception {
        Locale.setDefault(Locale.US);
        BenchOptions options = BenchOptions.parse(args);
        new IngestBenchmark(options).run();
    }

    private void run() throws Exception {
        Set<String> phases = options.phases();
        if (secured && (phases.contains("raw") || phases.contains("relay"))) {
            throw new IllegalArgumentException(
                    "--mode=secured runs the phases publish, ingest and latency only: the raw and"
                            + " relay baselines need a user that creates streams and publishes bench.raw.> (use --mode=open or shared)");
        }
        if (mode.equals("shared") && phases.contains("publish")) {
            throw new IllegalArgumentException(
                    "the phase publish needs the provisioned topology of --mode=open or secured");
        }
        Files.createDirectories(results);
        cpu.countServers(); // PostgreSQL (ingest's store) and Redis as groups of their own
        if (!options.get("nats-pid").isBlank()) {
            cpu.natsPid(Long.parseLong(options.get("nats-pid").trim()));
        }
        // secured: the load generator is a partner of the default tenant, the observer the operator
        // (docs/nats-security.md)
        publisherConnection = connect("bench-publisher", secured ? PARTNER : null);
        observerConnection = connect("bench-observer", secured ? OPERATOR : null);
        jsm = observerConnection.jetStreamManagement();
        header(phases);
        boolean ok = false;
        try {
            if (phases.contains("raw")) {
                rawBaseline();
            }
            if (phases.contains("relay")) {
                relayBaseline();
            }
            if (phases.contains("publish")) {
                partnerPublish();
            }
            if (phases.contains("ingest") || phases.contains("latency")) {
                startIngest();
                if (phases.contains("ingest")) {
                    ingestThroughput();
                }
                if (phases.contains("latency")) {
                    fixedRateLatency();
                }
            }
            ok = true;
        } finally {
            cleanUp();
            if (!ok) {
                System.out.println("\nThe benchmark failed; partial results follow.");
            }
            writeResults();
            publisherConnection.close();
            observerConnection.close();
        }
    }

    // ---------------------------------------------------------------------------------------------- phases

    /** a. Bare jnats: JetStream publish + durable pull consume + explicit ack, concurrently. */
    private void rawBaseline() throws Exception {
        int n = options.integer("events");
        System.out.printf(
                "%n[raw] bare jnats baseline: %,d events into %s (bench.raw.>), durable pull consumer, explicit ack%n",
                n, RAW_STREAM);
        recreateStream(RAW_STREAM, "bench.raw.>");
        jsm.addOrUpdateConsumer(
                RAW_STREAM,
                ConsumerConfiguration.builder()
                        .durable(RAW_DURABLE)
                        .ackPolicy(AckPolicy.Explicit)
                        .deliverPolicy(DeliverPolicy.All)
                        .maxAckPending(options.integer("raw-max-ack-pending"))
                        .ackWait(Duration.ofSeconds(30))
                        .build());
        byte[][] bodies = new byte[n][];
        String[] subjects = new String[n];
        String[] ids = new String[n];
        generate('r', "bench.raw.", bodies, subjects, ids);

        AtomicLong consumed = new AtomicLong();
        AtomicLong redelivered = new AtomicLong();
        AtomicLong lastAck = new AtomicLong();
        MessageConsumer consumer = observerConnection
                .getConsumerContext(RAW_STREAM, RAW_DURABLE)
                .consume(
                        ConsumeOptions.builder()
                                .batchSize(options.integer("raw-batch"))
                                .build(),
                        message -> {
                            if (message.metaData().deliveredCount() > 1) {
                                redelivered.incrementAndGet();
                            }
                            message.ack();
                            lastAck.set(System.nanoTime());
                            consumed.incrementAndGet();
                        });
        AsyncPublisher publisher = new AsyncPublisher(js(), options.integer("in-flight"), options.flag("msg-id"));
        int warm = options.integer("warmup-events");
        if (warm > 0) {
            for (int i = 0; i < warm; i++) {
                publisher.publish(
                        "bench.raw." + payloads.customer(i) + ".purchase",
                        payloads.purchase('q', i, Instant.now().getEpochSecond()),
                        payloads.idPrefix('q') + i);
            }
            publisher.awaitAll(2, TimeUnit.MINUTES);
            waitFor(() -> consumed.get(), warm, "warm-up consumed");
            System.out.printf("  warm-up: %,d events published and consumed (not measured)%n", warm);
            Thread.sleep(500);
            consumed.set(0);
        }
        CpuMeter.Sample before = cpu.sample();
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            publisher.publish(subjects[i], bodies[i], ids[i]);
        }
        publisher.awaitAll(2, TimeUnit.MINUTES);
        long published = publisher.lastAckNanos();
        waitFor(() -> consumed.get(), n, "consumed");
        CpuMeter.Sample after = cpu.sample();
        consumer.close();
        Thread.sleep(200);
        long end = lastAck.get();
        double seconds = (end - t0) / 1e9;
        rawRate = consumed.get() >= n ? n / seconds : null;
        System.out.printf(
                "  published+acked in %.2f s (%,.0f ev/s); consumed+acked %,d in %.2f s; redelivered %d; publish failures %d%n",
                (published - t0) / 1e9,
                n / ((published - t0) / 1e9),
                consumed.get(),
                seconds,
                redelivered.get(),
                publisher.failed.get());
        System.out.println("  CPU: " + cpu.between(before, after).describe());
        report.add("raw JetStream pub+consume+ack", rawRate, "events/s", null, null, "(baseline)", null);
        report.csv("raw_events_per_s", rawRate, "events/s");
        report.csv("raw_publish_events_per_s", n / ((published - t0) / 1e9), "events/s");
        report.csvCpu("raw", cpu.between(before, after));
        deleteStream(RAW_STREAM);
    }

    /**
     * Diagnostic (phase "relay", not in the defaults): what ingest-service does minus Quarkus, validation and JSON
     * mapping: consume with the service's consumer settings, re-publish each message through JetStream with a
     * message id, ack after the publish ack; an ordered consumer counts the output.
     */
    private void relayBaseline() throws Exception {
        int n = options.integer("events");
        System.out.printf(
                "%n[relay] bare jnats relay (diagnostic): consume %s -> JetStream publish to %s -> ack%n",
                RELAY_IN, RELAY_OUT);
        recreateStream(RELAY_IN, "bench.relayin.>");
        recreateStream(RELAY_OUT, "bench.relayout.>");
        jsm.addOrUpdateConsumer(
                RELAY_IN,
                ConsumerConfiguration.builder()
                        .durable(RELAY_DURABLE)
                        .ackPolicy(AckPolicy.Explicit)
                        .deliverPolicy(DeliverPolicy.All)
                        .maxAckPending(1000)
                        .ackWait(Duration.ofSeconds(30))
                        .build());
        byte[][] bodies = new byte[n][];
        String[] subjects = new String[n];
        String[] ids = new String[n];
        generate('y', "bench.relayin.", bodies, subjects, ids);
        try (Connection relayConnection = connect("bench-relay", null);
                DownstreamObserver observer = new DownstreamObserver(payloads.idPrefix('y'), n, TENANT, (s, t) -> 0)) {
            observer.start(observerConnection, RELAY_OUT, "bench.relayout.>");
            JetStream relayJs = relayConnection.jetStream(JetStreamOptions.builder()
                    .requestTimeout(Duration.ofSeconds(10))
                    .build());
            MessageConsumer consumer = relayConnection
                    .getConsumerContext(RELAY_IN, RELAY_DURABLE)
                    .consume(ConsumeOptions.builder().batchSize(200).build(), message -> {
                        String id = message.getHeaders() == null
                                ? null
                                : message.getHeaders().getFirst("Nats-Msg-Id");
                        String subject =
                                "bench.relayout." + message.getSubject().substring("bench.relayin.".length());
                        relayJs.publishAsync(
                                        subject,
                                        null,
                                        message.getData(),
                                        io.nats.client.PublishOptions.builder()
                                                .messageId(id)
                                                .build())
                                .whenComplete((ack, failure) -> {
                                    if (failure == null) {
                                        message.ack();
                                    } else {
                                        message.nak();
                                    }
                                });
                    });
            AsyncPublisher publisher = new AsyncPublisher(js(), options.integer("in-flight"), true);
            CpuMeter.Sample before = cpu.sample();
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                publisher.publish(subjects[i], bodies[i], ids[i]);
            }
            publisher.awaitAll(2, TimeUnit.MINUTES);
            observer.awaitAll(
                    options.integer("idle-timeout"), count -> System.out.printf("  ... %,d/%,d relayed%n", count, n));
            CpuMeter.Sample after = cpu.sample();
            consumer.close();
            double rate = observer.distinct.get() >= n ? n / ((observer.lastNewNanos() - t0) / 1e9) : Double.NaN;
            System.out.printf(
                    "  relayed %,d distinct (dup %d) in %.2f s = %,.0f ev/s%n",
                    observer.distinct.get(), observer.duplicates.get(), (observer.lastNewNanos() - t0) / 1e9, rate);
            System.out.println("  CPU: " + cpu.between(before, after).describe());
            report.add(
                    "raw relay (diagnostic)",
                    rate,
                    "events/s",
                    rawRate,
                    rawRate == null ? null : rate / rawRate,
                    "(diagnostic)",
                    null);
            report.csv("relay_events_per_s", rate, "events/s");
        } finally {
            deleteStream(RELAY_IN);
            deleteStream(RELAY_OUT);
        }
    }

    /** The copy of the packaged ingest-service this run starts (and whose libraries hold the provisioning step). */
    private Path serviceCopy() throws IOException {
        if (serviceCopy != null) {
            return serviceCopy;
        }
        Path jar = options.path("jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: package ingest-service first");
        }
        snapshotDir = Path.of("bench/target/ingest-snapshot-" + runId);
        serviceCopy = ServiceChild.snapshot(jar, snapshotDir);
        String build = ServiceChild.describeBuild(serviceCopy);
        System.out.printf(
                "%n  ingest-service build: %s (git %s); running a copy in %s so a rebuild cannot disturb it%n",
                build, gitDescription(), snapshotDir);
        report.csvText("ingest_build", build);
        report.csvText("git", gitDescription());
        return serviceCopy;
    }

    /** open and secured: the provisioning step, once per run (this run's server starts empty). */
    private void ensureProvisioned() throws IOException, InterruptedException {
        if (!mode.equals("shared") && !provisioned) {
            provision(serviceCopy());
            provisioned = true;
        }
    }

    /**
     * Diagnostic (phase "publish", open and secured): the partner's JetStream publishes alone, before ingest-service
     * runs: what the server spends per acknowledged publish, where secured adds the account mapping (a service import
     * from the partner's account into PLATFORM, the ack routed back) and the permission checks. The stream is purged
     * afterwards, so ingest-service never sees these events.
     */
    private void partnerPublish() throws Exception {
        int n = options.integer("events");
        ensureProvisioned();
        System.out.printf(
                "%n[publish] partner publishes alone (diagnostic): %,d events -> %scustomer.events.bench_<k>.purchase%s -> %s,"
                        + " no consumer running%n",
                n, subjectPrefix, secured ? " (as " + PARTNER + ")" : "", customerStream);
        byte[][] bodies = new byte[n][];
        String[] subjects = new String[n];
        String[] ids = new String[n];
        generate('p', subjectPrefix + "customer.events.", bodies, subjects, ids);
        int warm = options.integer("warmup-events");
        if (warm > 0) {
            AsyncPublisher publisher = new AsyncPublisher(js(), options.integer("in-flight"), options.flag("msg-id"));
            for (int i = 0; i < warm; i++) {
                publisher.publish(
                        subjectPrefix + "customer.events." + payloads.customer(i) + ".purchase",
                        payloads.purchase('o', i, Instant.now().getEpochSecond()),
                        payloads.idPrefix('o') + i);
            }
            publisher.awaitAll(2, TimeUnit.MINUTES);
            System.out.printf("  warm-up: %,d events published and acknowledged (not measured)%n", warm);
            Thread.sleep(500);
        }
        AsyncPublisher publisher = new AsyncPublisher(js(), options.integer("in-flight"), options.flag("msg-id"));
        CpuMeter.Sample before = cpu.sample();
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            publisher.publish(subjects[i], bodies[i], ids[i]);
        }
        publisher.awaitAll(2, TimeUnit.MINUTES);
        CpuMeter.Sample after = cpu.sample();
        double seconds = (publisher.lastAckNanos() - t0) / 1e9;
        double rate = publisher.acked.get() >= n ? n / seconds : Double.NaN;
        CpuMeter.Usage usage = cpu.between(before, after);
        double natsUs = usage.cpuSeconds(CpuMeter.NATS) * 1e6 / n;
        double benchUs = usage.cpuSeconds(CpuMeter.BENCH) * 1e6 / n;
        System.out.printf(
                "  acknowledged %,d of %,d (failed %d, retried %d) in %.2f s = %,.0f ev/s%n",
                publisher.acked.get(), n, publisher.failed.get(), publisher.retries.get(), seconds, rate);
        System.out.println("  CPU: " + usage.describe());
        System.out.printf("  CPU per publish: nats-server %.1f µs, load generator %.1f µs%n", natsUs, benchUs);
        report.add("partner publish alone (diagnostic)", rate, "events/s", null, null, "(diagnostic)", null);
        report.add("  nats-server CPU per publish", natsUs, "µs", null, null, "(diagnostic)", null);
        report.csv("publish_events_per_s", rate, "events/s");
        report.csv("publish_nats_server_cpu_us_per_event", natsUs, "us");
        report.csv("publish_bench_cpu_us_per_event", benchUs, "us");
        report.csvCpu("publish", usage);
        jsm.purgeStream(customerStream);
        System.out.printf("  purged %s%n", customerStream);
    }

    private void startIngest() throws Exception {
        Path snapshot = serviceCopy();
        System.out.printf("%n[ingest] ingest-service as a child JVM%n");
        Map<String, String> environment = Map.of();
        if (mode.equals("shared")) {
            System.out.printf(
                    "  fresh %s* streams; the child creates its topology itself (mesh.nats.provision=true)%n",
                    streamPrefix);
            for (String stream : TOPOLOGY_STREAMS) {
                deleteStream(streamPrefix + stream); // takes the durable consumers with it
            }
        } else {
            ensureProvisioned();
            if (secured) {
                Credentials service = credentials(SERVICE);
                environment = Map.of("NATS_USER", service.user(), "NATS_PASSWORD", service.password());
                System.out.printf(
                        "  the child binds to the provisioned durables as NATS user %s (password in its environment)%n",
                        service.user());
            } else {
                System.out.println(
                        "  the child binds to the provisioned durables (no NATS user: the server has no accounts)");
            }
        }
        String db = options.get("db").trim();
        Databases.recreate(options.get("pg"), db);
        System.out.printf("  fresh database %s on %s for the child%n", db, options.get("pg"));
        child = ServiceChild.start(
                SERVICE,
                snapshot,
                options.integer("port"),
                options.get("nats"),
                subjectPrefix,
                streamPrefix,
                options.get("child-opts"),
                List.of("quarkus.datasource.reactive.url=postgresql://" + options.get("pg") + "/" + db),
                environment,
                results.resolve("ingest-service-" + runId + ".log"));
        cpu.childPid(child.pid());
        long readyMs = child.awaitReady(Duration.ofSeconds(options.integer("ready-timeout")));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!consumerExists(customerStream, ingestDurable) || !streamExists(profileStream)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("ingest-service is ready but " + customerStream + "/" + ingestDurable
                        + " does not exist:\n" + child.tail(30));
            }
            Thread.sleep(100);
        }
        System.out.printf(
                "  ready after %d ms; consuming %s/%s; log %s%n", readyMs, customerStream, ingestDurable, child.log());
        report.csv("ingest_ready_ms", readyMs, "ms");
    }

    /**
     * The provisioning step of {@code ./mesh up}: common's {@code Provision} main (from the copied service's
     * libraries) against this run's server; as {@code c360-provision} when secured, without a user when open.
     */
    private void provision(Path snapshot) throws IOException, InterruptedException {
        Map<String, String> environment = new java.util.HashMap<>(Map.of("NATS_URL", options.get("nats")));
        String as = "without a user";
        if (secured) {
            Credentials operator = credentials(OPERATOR);
            environment.put("NATS_USER", operator.user());
            environment.put("NATS_PASSWORD", operator.password());
            as = "as " + operator.user();
        }
        ProcessBuilder builder = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        snapshot.toAbsolutePath().getParent().resolve("lib/main") + "/*",
                        "io.customer360.common.nats.Provision")
                .redirectErrorStream(true);
        builder.environment()
                .keySet()
                .removeAll(List.of("NATS_USER", "NATS_PASSWORD", "NATS_STREAM_REPLICAS", "C360_TENANTS"));
        builder.environment().putAll(environment);
        long start = System.nanoTime();
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (process.waitFor() != 0) {
            throw new IllegalStateException("the provisioning step failed:\n" + output);
        }
        String last = output.lines().reduce((a, b) -> b).orElse("");
        System.out.printf(
                "  provisioning step (io.customer360.common.nats.Provision %s) in %d ms: %s%n",
                as, (System.nanoTime() - start) / 1_000_000, last);
    }

    /** b. Sustained throughput through ingest-service, and exactly-once. */
    private void ingestThroughput() throws Exception {
        int n = options.integer("events");
        System.out.printf(
                "%n[ingest] throughput: %,d unique purchase events -> %scustomer.events.bench_<k>.purchase%s -> ingest-service -> %s%s%n",
                n,
                subjectPrefix,
                secured ? " (as " + PARTNER + ")" : "",
                profileSubjects,
                secured ? " (observed as the operator)" : "");
        byte[][] bodies = new byte[n][];
        String[] subjects = new String[n];
        String[] ids = new String[n];
        generate('t', subjectPrefix + "customer.events.", bodies, subjects, ids);
        int warm = options.integer("warmup-events");
        if (warm > 0) {
            try (DownstreamObserver observer =
                    new DownstreamObserver(payloads.idPrefix('w'), warm, TENANT, (s, t) -> 0)) {
                observer.start(observerConnection, profileStream, profileSubjects);
                AsyncPublisher publisher =
                        new AsyncPublisher(js(), options.integer("in-flight"), options.flag("msg-id"));
                long start = System.nanoTime();
                for (int i = 0; i < warm; i++) {
                    publisher.publish(
                            subjectPrefix + "customer.events." + payloads.customer(i) + ".purchase",
                            payloads.purchase('w', i, Instant.now().getEpochSecond()),
                            payloads.idPrefix('w') + i);
                }
                publisher.awaitAll(2, TimeUnit.MINUTES);
                boolean all = observer.awaitAll(options.integer("idle-timeout"), null);
                System.out.printf(
                        "  warm-up: %,d events through ingest-service in %.2f s (%s; not measured)%n",
                        warm,
                        (observer.lastNewNanos() - start) / 1e9,
                        all ? "all arrived" : observer.missing() + " missing");
            }
            Thread.sleep(1000);
        }
        long profileBefore = jsm.getStreamInfo(profileStream).getStreamState().getMsgCount();
        try (DownstreamObserver observer = new DownstreamObserver(payloads.idPrefix('t'), n, TENANT, (s, t) -> 0)) {
            observer.start(observerConnection, profileStream, profileSubjects);
            AsyncPublisher publisher = new AsyncPublisher(js(), options.integer("in-flight"), options.flag("msg-id"));
            CpuMeter.Sample before = cpu.sample();
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                publisher.publish(subjects[i], bodies[i], ids[i]);
            }
            publisher.awaitAll(2, TimeUnit.MINUTES);
            long published = publisher.lastAckNanos();
            System.out.printf(
                    "  published %,d (acked %,d, failed %d, retried %d) in %.2f s = %,.0f ev/s offered; downstream so far %,d%n",
                    n,
                    publisher.acked.get(),
                    publisher.failed.get(),
                    publisher.retries.get(),
                    (published - t0) / 1e9,
                    n / ((published - t0) / 1e9),
                    observer.distinct.get());
            boolean all = observer.awaitAll(
                    options.integer("idle-timeout"),
                    count -> System.out.printf(
                            "  ... downstream %,d/%,d after %.1f s%n", count, n, (System.nanoTime() - t0) / 1e9));
            CpuMeter.Sample after = cpu.sample();
            Thread.sleep(1000); // let late duplicates show up
            long end = observer.lastNewNanos();
            double seconds = (end - t0) / 1e9;
            double rate = observer.distinct.get() / seconds;
            long duplicates = observer.duplicates.get();
            long missing = observer.missing();
            ConsumerInfo info = jsm.getConsumerInfo(customerStream, ingestDurable);
            long stored = jsm.getStreamInfo(profileStream).getStreamState().getMsgCount() - profileBefore;
            CpuMeter.Usage usage = cpu.between(before, after);
            // CPU per event over the whole measurement (first publish -> last normalized event observed)
            double ingestUs = usage.cpuSeconds(CpuMeter.INGEST) * 1e6 / n;
            double natsUs = usage.cpuSeconds(CpuMeter.NATS) * 1e6 / n;
            double benchUs = usage.cpuSeconds(CpuMeter.BENCH) * 1e6 / n;
            double postgresUs = usage.cpuSeconds(CpuMeter.POSTGRES) * 1e6 / n;
            System.out.printf(
                    "  downstream: %,d distinct of %,d in %.2f s (first after %.1f ms) = %,.0f ev/s; duplicates %d; missing %d; foreign %d%n",
                    observer.distinct.get(),
                    n,
                    seconds,
                    (observer.firstNanos() - t0) / 1e6,
                    rate,
                    duplicates,
                    missing,
                    observer.foreign.get());
            System.out.printf(
                    "  %s stored %,d new messages; %s: redelivered %d, ack pending %d, pending %d%n",
                    profileStream,
                    stored,
                    ingestDurable,
                    info.getRedelivered(),
                    info.getNumAckPending(),
                    info.getNumPending());
            System.out.printf(
                    "  body checks %,d, mismatches %d%s%n",
                    observer.bodyChecks.get(),
                    observer.bodyMismatches.get(),
                    observer.firstMismatch() == null ? "" : " (first: " + observer.firstMismatch() + ")");
            double drain = observer.rateAfter(published);
            double peak = observer.peakRate(5_000_000_000L);
            System.out.printf(
                    "  downstream rate once the load generator had published everything: %,.0f ev/s; best 5 s window: %,.0f ev/s%n",
                    drain, peak);
            System.out.println("  CPU: " + usage.describe());
            System.out.printf(
                    "  CPU per event: ingest-service %.1f µs, %s %.1f µs, PostgreSQL %.1f µs, load generator + observer %.1f µs%n",
                    ingestUs,
                    options.get("nats-pid").isBlank()
                            ? "nats-server (all of the machine's)"
                            : "nats-server (pid " + options.get("nats-pid").trim() + ")",
                    natsUs,
                    postgresUs,
                    benchUs);
            if (!all) {
                System.out.printf(
                        "  gave up waiting: no new downstream event for %s s; dead letters? see %s and c360_ingest.dead_letters%n",
                        options.get("idle-timeout"), child.log());
            }
            Double ratio = rawRate == null ? null : rate / rawRate;
            boolean exactlyOnce = observer.distinct.get() == n && duplicates == 0 && observer.bodyMismatches.get() == 0;
            report.add(
                    "ingest throughput",
                    rate,
                    "events/s",
                    rawRate,
                    ratio,
                    String.format("≥ %,.0f events/s", TARGET_EVENTS_PER_S),
                    rate >= TARGET_EVENTS_PER_S);
            if (ratio != null) {
                report.add(
                        "ingest / raw baseline",
                        ratio,
                        "×",
                        null,
                        null,
                        String.format("≥ %.2f×", TARGET_RATIO),
                        ratio >= TARGET_RATIO);
            }
            report.add("  ingest, after publisher done", drain, "events/s", null, null, "(diagnostic)", null);
            report.add("  ingest, best 5 s window", peak, "events/s", null, null, "(diagnostic)", null);
            report.add("ingest-service CPU per event", ingestUs, "µs", null, null, "(diagnostic)", null);
            report.add("nats-server CPU per event", natsUs, "µs", null, null, "(diagnostic)", null);
            report.addText(
                    "exactly-once downstream",
                    String.format(
                            "%,d/%,d distinct, %d dup, %d missing", observer.distinct.get(), n, duplicates, missing),
                    "all N once, 0 dup",
                    exactlyOnce);
            report.csv("ingest_events", n, "events");
            report.csv("ingest_events_per_s", rate, "events/s");
            report.csv("ingest_offered_events_per_s", n / ((published - t0) / 1e9), "events/s");
            report.csv("ingest_vs_raw_ratio", ratio, "x");
            report.csv("ingest_after_publish_events_per_s", drain, "events/s");
            report.csv("ingest_best_5s_events_per_s", peak, "events/s");
            report.csv("ingest_distinct", observer.distinct.get(), "events");
            report.csv("ingest_duplicates", duplicates, "events");
            report.csv("ingest_missing", missing, "events");
            report.csv("ingest_redelivered", info.getRedelivered(), "deliveries");
            report.csv("ingest_body_mismatches", observer.bodyMismatches.get(), "events");
            report.csv("ingest_cpu_seconds", usage.seconds(), "s");
            report.csv("ingest_ingest_service_cpu_us_per_event", ingestUs, "us");
            report.csv("ingest_nats_server_cpu_us_per_event", natsUs, "us");
            report.csv("ingest_bench_cpu_us_per_event", benchUs, "us");
            report.csv("ingest_postgres_cpu_us_per_event", postgresUs, "us");
            report.csvCpu("ingest", usage);
        }
    }

    /** c. Fixed-rate latency, measured from each event's intended send time. */
    private void fixedRateLatency() throws Exception {
        int rate = options.integer("rate");
        int warmup = options.integer("warmup");
        int duration = options.integer("duration");
        int warmCount = rate * warmup;
        int total = rate * (warmup + duration);
        double periodNanos = 1e9 / rate;
        System.out.printf(
                "%n[latency] %,d events/s for %d s after a %d s warm-up (%,d events); latency = downstream arrival - intended send time%n",
                rate, duration, warmup, total);
        Histogram histogram = new Histogram(3);
        AtomicLong t0Holder = new AtomicLong();
        long[] worstPerSecond = new long[warmup + duration + 1]; // µs, by intended send second
        DownstreamObserver observer = new DownstreamObserver(payloads.idPrefix('l'), total, TENANT, (seq, now) -> {
            if (seq >= warmCount) {
                long intended = t0Holder.get() + (long) (seq * periodNanos);
                long micros = Math.max(0, (now - intended) / 1_000);
                histogram.recordValue(micros);
                int second = (int) (seq / rate);
                worstPerSecond[second] = Math.max(worstPerSecond[second], micros);
            }
            return 0;
        });
        try (observer) {
            observer.start(observerConnection, profileStream, profileSubjects);
            AsyncPublisher publisher = new AsyncPublisher(js(), options.integer("in-flight"), options.flag("msg-id"));
            String partnerSubjects = subjectPrefix + "customer.events.";
            long t0 = System.nanoTime() + 50_000_000L;
            t0Holder.set(t0);
            CpuMeter.Sample before = cpu.sample();
            long maxLagNanos = 0;
            for (int i = 0; i < total; i++) {
                long intended = t0 + (long) (i * periodNanos);
                long now;
                while ((now = System.nanoTime()) < intended) {
                    LockSupport.parkNanos(intended - now);
                }
                if (i == warmCount) {
                    before = cpu.sample();
                }
                if (i >= warmCount) {
                    maxLagNanos = Math.max(maxLagNanos, now - intended);
                }
                publisher.publish(
                        partnerSubjects + payloads.customer(i) + ".purchase",
                        payloads.purchase('l', i, Instant.now().getEpochSecond()),
                        payloads.idPrefix('l') + i);
                if (i > 0 && i % (rate * 10) == 0) {
                    System.out.printf("  ... sent %,d, downstream %,d%n", i, observer.distinct.get());
                }
            }
            long sendEnd = System.nanoTime();
            CpuMeter.Sample after = cpu.sample();
            publisher.awaitAll(2, TimeUnit.MINUTES);
            observer.awaitAll(options.integer("idle-timeout"), null);
            Thread.sleep(500);
            double achieved = (total - warmCount) / ((sendEnd - (t0 + (long) (warmCount * periodNanos))) / 1e9);
            long missing = observer.missing();
            CpuMeter.Usage usage = cpu.between(before, after);
            latency = histogram;
            System.out.printf(
                    "  sent at %,.0f events/s (max sender lag %.2f ms, publish failures %d); downstream %,d/%,d, duplicates %d, missing %d%n",
                    achieved,
                    maxLagNanos / 1e6,
                    publisher.failed.get(),
                    observer.distinct.get(),
                    total,
                    observer.duplicates.get(),
                    missing);
            StringBuilder worst = new StringBuilder();
            for (int sec = warmup; sec < warmup + duration; sec++) {
                worst.append(' ').append(worstPerSecond[sec] / 1000);
            }
            System.out.println("  worst latency per second of the schedule (ms):" + worst);
            System.out.println("  CPU: " + usage.describe());
            String at = String.format(" @ %,d/s", rate);
            String target = rate == TARGET_RATE ? String.format("≤ %.0f ms", TARGET_P99_MS) : "(target is at 2,000/s)";
            double p99 = histogram.getValueAtPercentile(99) / 1000.0;
            report.add("latency p50" + at, histogram.getValueAtPercentile(50) / 1000.0, "ms", null, null, "", null);
            report.add("latency p90" + at, histogram.getValueAtPercentile(90) / 1000.0, "ms", null, null, "", null);
            report.add(
                    "latency p99" + at,
                    p99,
                    "ms",
                    null,
                    null,
                    target,
                    rate == TARGET_RATE ? p99 <= TARGET_P99_MS && missing == 0 : null);
            report.add("latency p99.9" + at, histogram.getValueAtPercentile(99.9) / 1000.0, "ms", null, null, "", null);
            report.add("latency max" + at, histogram.getMaxValue() / 1000.0, "ms", null, null, "", null);
            report.addText(
                    "latency events measured",
                    String.format(
                            "%,d (missing %d, dup %d)", histogram.getTotalCount(), missing, observer.duplicates.get()),
                    "",
                    null);
            report.csv("latency_rate", rate, "events/s");
            report.csv("latency_achieved_rate", achieved, "events/s");
            report.csv("latency_duration_s", duration, "s");
            report.csv("latency_warmup_s", warmup, "s");
            report.csv("latency_count", histogram.getTotalCount(), "events");
            report.csv("latency_missing", missing, "events");
            report.csv("latency_duplicates", observer.duplicates.get(), "events");
            for (double p : new double[] {50, 90, 99, 99.9}) {
                report.csv(
                        "latency_p"
                                + (p == Math.rint(p)
                                        ? String.valueOf((int) p)
                                        : String.valueOf(p).replace('.', '_')) + "_ms",
                        histogram.getValueAtPercentile(p) / 1000.0,
                        "ms");
            }
            report.csv("latency_max_ms", histogram.getMaxValue() / 1000.0, "ms");
            report.csv("latency_mean_ms", histogram.getMean() / 1000.0, "ms");
            report.csv("latency_max_sender_lag_ms", maxLagNanos / 1e6, "ms");
            report.csvCpu("latency", usage);
        }
    }

    // ---------------------------------------------------------------------------------------------- output

    private void header(Set<String> phases) {
        System.out.println("Customer 360 ingest benchmark, run " + runId);
        System.out.printf("  options: %s%n", options.all());
        System.out.printf(
                "  machine: %d cores, %s %s; JVM %s; NATS server %s at %s%n",
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.name"),
                System.getProperty("os.arch"),
                System.getProperty("java.version"),
                publisherConnection.getServerInfo().getVersion(),
                options.get("nats"));
        System.out.printf(
                "  mode %s: %s%n",
                mode,
                switch (mode) {
                    case "secured" ->
                        "this run's own nats-server with the accounts of k8s/base/nats/accounts.conf (pid "
                                + options.get("nats-pid") + "); publisher " + PARTNER + ", observer " + OPERATOR
                                + ".creds, child " + SERVICE + ", no prefixes";
                    case "open" ->
                        "this run's own nats-server without authorization (pid " + options.get("nats-pid")
                                + "); no users, no prefixes, topology by the provisioning step";
                    default ->
                        "the machine's shared NATS, names prefixed " + ServiceChild.SUBJECT_PREFIX + "/"
                                + ServiceChild.STREAM_PREFIX + ", the child creates its topology";
                });
        List<String> neighbours = new ArrayList<>();
        ProcessHandle.allProcesses()
                .forEach(p -> p.info().commandLine().ifPresent(cmd -> {
                    if (p.pid() != ProcessHandle.current().pid() && cmd.contains("java")) {
                        if (cmd.contains("-service/target/quarkus-app/quarkus-run.jar")) {
                            java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                                            "([\\w-]+)-service/target/quarkus-app/quarkus-run\\.jar")
                                    .matcher(cmd);
                            neighbours.add(m.find() ? m.group(1) : "a quarkus app");
                        } else if (cmd.contains("keycloak")) {
                            neighbours.add("keycloak");
                        } else if (cmd.contains("plexus-classworlds")
                                || cmd.contains("surefire")
                                || cmd.contains("quarkus-internal-test")) {
                            neighbours.add("maven build/test pid " + p.pid());
                        }
                    }
                }));
        String load = "";
        try {
            load = Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            // not Linux
        }
        if (!neighbours.isEmpty()) {
            System.out.printf(
                    "  NOTE: other JVMs share this machine and its CPU (%s); figures are lower than on an idle machine."
                            + " Per-phase CPU lines show their share.%n",
                    String.join(", ", neighbours));
        }
        report.csvText("run_id", runId);
        report.csvText("mode", mode);
        report.csvText("phases", String.join("+", phases));
        report.csvText("cores", String.valueOf(Runtime.getRuntime().availableProcessors()));
        report.csvText("nats_server", publisherConnection.getServerInfo().getVersion());
        report.csvText("neighbour_jvms", String.join("+", neighbours));
        report.csvText("loadavg_before", load);
        CpuMeter.Sample a = cpu.sample();
        try {
            Thread.sleep(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        CpuMeter.Usage idle = cpu.between(a, cpu.sample());
        System.out.printf("  load average before start: %s%n  CPU before start (2 s): %s%n", load, idle.describe());
        report.csvCpu("before", idle);
    }

    private void writeResults() throws IOException {
        try {
            String load = Files.readString(Path.of("/proc/loadavg")).trim();
            report.csvText("loadavg_after", load);
            System.out.printf("%n  load average at the end: %s%n", load);
        } catch (IOException e) {
            // not Linux
        }
        System.out.println();
        report.printTable(System.out);
        Path csv = results.resolve("ingest-" + runId + ".csv");
        Files.writeString(csv, report.csvText(), StandardCharsets.UTF_8);
        System.out.println("\n  CSV:       " + csv);
        if (latency != null && latency.getTotalCount() > 0) {
            Path hgrm = results.resolve("ingest-" + runId + ".hgrm");
            try (PrintStream out = new PrintStream(Files.newOutputStream(hgrm), true, StandardCharsets.UTF_8)) {
                latency.outputPercentileDistribution(out, 5, 1000.0); // recorded in µs, written in ms
            }
            System.out.println("  histogram: " + hgrm + " (values in ms)");
            Path png = results.resolve("ingest-" + runId + ".png");
            try {
                LatencyChart.write(
                        latency,
                        TARGET_P99_MS,
                        String.format(
                                "ingest-service: partner publish → normalized event downstream, %s/s, %ss",
                                options.get("rate"), options.get("duration")),
                        png);
                System.out.println("  chart:     " + png);
            } catch (Exception | Error e) {
                System.out.println("  chart skipped: " + e);
            }
        }
        if (child != null) {
            System.out.println("  service log: " + child.log());
        }
    }

    // ---------------------------------------------------------------------------------------------- NATS helpers

    /**
     * A connection as {@code user} (a credentials file of --credentials: partner-default, provision, …), or without a
     * user when null. Users of the platform account subscribe only under their own inbox prefix; the operator's
     * prefix is also used on an open server so that both modes run the same client code.
     */
    private Connection connect(String name, String user) throws IOException, InterruptedException {
        Options.Builder builder = Options.builder()
                .server(options.get("nats"))
                .connectionName(name)
                .maxMessagesInOutgoingQueue(100_000)
                .errorListener(new QuietErrorListener());
        if (user != null) {
            Credentials credentials = credentials(user);
            builder.userInfo(credentials.user(), credentials.password());
            if (!credentials.user().startsWith("partner-")) {
                builder.inboxPrefix("_INBOX." + credentials.user());
            }
        } else if (name.equals("bench-observer") && !mode.equals("shared")) {
            builder.inboxPrefix("_INBOX.c360-provision");
        }
        return Nats.connect(builder.build());
    }

    record Credentials(String user, String password) {}

    /**
     * The user and password of {@code <credentials>/<name>.creds}: shell variables NATS_USER=… and NATS_PASSWORD=…
     * (scripts/infra.sh generates them; docs/nats-security.md).
     */
    private Credentials credentials(String name) {
        Path file = options.path("credentials").resolve(name + ".creds");
        java.util.Properties values = new java.util.Properties();
        try (var reader = Files.newBufferedReader(file)) {
            values.load(reader);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read " + file + " (bench/ingest.sh --secured generates it)", e);
        }
        String user = unquote(values.getProperty("NATS_USER"));
        String password = unquote(values.getProperty("NATS_PASSWORD"));
        if (user == null || user.isBlank() || password == null || password.isBlank()) {
            throw new IllegalStateException(file + " has no NATS_USER and NATS_PASSWORD");
        }
        return new Credentials(user, password);
    }

    private static String unquote(String value) {
        if (value == null) {
            return null;
        }
        String trimmed = value.trim();
        return trimmed.length() >= 2 && (trimmed.startsWith("'") || trimmed.startsWith("\""))
                ? trimmed.substring(1, trimmed.length() - 1)
                : trimmed;
    }

    private JetStream js() throws IOException {
        return publisherConnection.jetStream(JetStreamOptions.builder()
                .requestTimeout(Duration.ofSeconds(10))
                .build());
    }

    private void generate(char phase, String subjectPrefix, byte[][] bodies, String[] subjects, String[] ids) {
        long start = System.nanoTime();
        long now = Instant.now().getEpochSecond();
        for (int i = 0; i < bodies.length; i++) {
            bodies[i] = payloads.purchase(phase, i, now - (bodies.length - i) / 100);
            subjects[i] = subjectPrefix + payloads.customer(i) + ".purchase";
            ids[i] = payloads.idPrefix(phase) + i;
        }
        System.out.printf(
                "  generated %,d payloads (%,d bytes each on average) in %d ms, before timing%n",
                bodies.length,
                java.util.Arrays.stream(bodies).mapToLong(b -> b.length).sum() / Math.max(1, bodies.length),
                (System.nanoTime() - start) / 1_000_000);
    }

    private void recreateStream(String name, String subject) throws IOException, JetStreamApiException {
        deleteStream(name);
        jsm.addStream(StreamConfiguration.builder()
                .name(name)
                .subjects(subject)
                .retentionPolicy(RetentionPolicy.Limits)
                .storageType(StorageType.File)
                .duplicateWindow(Duration.ofMinutes(2))
                .maxAge(Duration.ofHours(1))
                .replicas(1)
                .build());
    }

    private boolean streamExists(String name) throws IOException, JetStreamApiException {
        try {
            jsm.getStreamInfo(name);
            return true;
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() == STREAM_NOT_FOUND) {
                return false;
            }
            throw e;
        }
    }

    private boolean consumerExists(String stream, String durable) throws IOException, JetStreamApiException {
        try {
            jsm.getConsumerInfo(stream, durable);
            return true;
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() == STREAM_NOT_FOUND || e.getApiErrorCode() == CONSUMER_NOT_FOUND) {
                return false;
            }
            throw e;
        }
    }

    private void deleteStream(String name) {
        try {
            if (streamExists(name)) {
                jsm.deleteStream(name);
            }
        } catch (Exception e) {
            System.out.println("  could not delete stream " + name + ": " + e);
        }
    }

    private void deleteConsumer(String stream, String durable) {
        try {
            if (consumerExists(stream, durable)) {
                jsm.deleteConsumer(stream, durable);
            }
        } catch (Exception e) {
            System.out.println("  could not delete consumer " + stream + "/" + durable + ": " + e);
        }
    }

    /** d. Stop the child; delete the BENCH_ durable consumers and streams this benchmark uses. */
    private void cleanUp() {
        if (child != null) {
            System.out.println("\n[cleanup] stopping ingest-service (SIGTERM)");
            child.close();
        }
        if (snapshotDir != null) {
            try {
                ServiceChild.deleteTree(snapshotDir);
            } catch (IOException e) {
                System.out.println("  could not delete " + snapshotDir + ": " + e);
            }
        }
        if (!mode.equals("shared")) {
            System.out.println(
                    "[cleanup] the streams stay on this run's own nats-server (bench/ingest.sh stops it and wipes its store)");
            return;
        }
        if (options.flag("keep-streams")) {
            System.out.println("[cleanup] keeping BENCH_ streams (--keep-streams=true)");
            return;
        }
        deleteConsumer(RAW_STREAM, RAW_DURABLE);
        deleteConsumer(RELAY_IN, RELAY_DURABLE);
        List<String> streams = new ArrayList<>(List.of(RAW_STREAM, RELAY_IN, RELAY_OUT));
        if (child != null) {
            TOPOLOGY_STREAMS.forEach(stream -> streams.add(streamPrefix + stream)); // the child's own topology
        }
        streams.forEach(this::deleteStream);
        System.out.println("[cleanup] deleted the BENCH_ durable consumers and streams");
    }

    /**
     * HEAD of the work tree the jar was built in (--jar may point into another worktree) and whether its
     * ingest-service/common sources have uncommitted changes (the jar may include them).
     */
    private String gitDescription() {
        String dir = options.path("jar").toAbsolutePath().getParent().toString();
        try {
            Process head = new ProcessBuilder("git", "-C", dir, "rev-parse", "--short", "HEAD")
                    .redirectErrorStream(true)
                    .start();
            String sha = new String(head.getInputStream().readAllBytes()).trim();
            Process status = new ProcessBuilder(
                            "git", "-C", dir, "status", "--porcelain", "--", ":/ingest-service/src", ":/common/src")
                    .redirectErrorStream(true)
                    .start();
            long dirty =
                    new String(status.getInputStream().readAllBytes()).lines().count();
            return sha + (dirty > 0 ? " + " + dirty + " uncommitted ingest/common source changes" : "");
        } catch (IOException e) {
            return "unknown";
        }
    }

    private void waitFor(java.util.function.LongSupplier count, long expected, String what)
            throws InterruptedException {
        long last = -1;
        long lastChange = System.nanoTime();
        while (count.getAsLong() < expected) {
            Thread.sleep(20);
            long c = count.getAsLong();
            if (c != last) {
                last = c;
                lastChange = System.nanoTime();
            } else if (System.nanoTime() - lastChange > TimeUnit.SECONDS.toNanos(options.integer("idle-timeout"))) {
                System.out.printf("  gave up: %,d/%,d %s%n", c, expected, what);
                return;
            }
        }
    }

    /** Reports connection trouble briefly; the 409 of a pull that outlives its deleted consumer is expected. */
    static final class QuietErrorListener implements io.nats.client.ErrorListener {
        @Override
        public void errorOccurred(Connection conn, String error) {
            System.err.println("  NATS error: " + error);
        }

        @Override
        public void exceptionOccurred(Connection conn, Exception exp) {
            System.err.println("  NATS exception: " + exp);
        }

        @Override
        public void slowConsumerDetected(Connection conn, io.nats.client.Consumer consumer) {
            System.err.println("  NATS slow consumer on " + conn.getOptions().getConnectionName());
        }

        @Override
        public void heartbeatAlarm(
                Connection conn,
                io.nats.client.JetStreamSubscription sub,
                long lastStreamSequence,
                long lastConsumerSequence) {
            System.err.println(
                    "  NATS heartbeat alarm (ordered consumer will reset) at stream seq " + lastStreamSequence);
        }
    }

    // ---------------------------------------------------------------------------------------------- report

    /** The printed table and the CSV rows. */
    static final class Report {

        private record Line(
                String figure, String measured, String baseline, String ratio, String target, String result) {}

        private final List<Line> lines = new ArrayList<>();
        private final StringBuilder csv = new StringBuilder("figure,value,unit\n");

        void add(String figure, Double value, String unit, Double baseline, Double ratio, String target, Boolean pass) {
            lines.add(new Line(
                    figure,
                    format(value, unit),
                    baseline == null ? "-" : format(baseline, unit),
                    ratio == null ? "-" : String.format("%.2f×", ratio),
                    target,
                    pass == null ? "" : pass ? "PASS" : "FAIL"));
        }

        void addText(String figure, String measured, String target, Boolean pass) {
            lines.add(new Line(figure, measured, "-", "-", target, pass == null ? "" : pass ? "PASS" : "FAIL"));
        }

        void csv(String figure, Number value, String unit) {
            String v = value == null
                    ? ""
                    : value instanceof Double d ? (Double.isNaN(d) ? "" : String.format("%.3f", d)) : value.toString();
            csv.append(figure).append(',').append(v).append(',').append(unit).append('\n');
        }

        void csvText(String figure, String value) {
            csv.append(figure).append(",\"").append(value.replace("\"", "'")).append("\",\n");
        }

        void csvCpu(String phase, CpuMeter.Usage usage) {
            csv("cpu_" + phase + "_machine_busy_cores", usage.machineBusyCores(), "cores");
            usage.coresByGroup()
                    .forEach((group, cores) -> csv(
                            "cpu_" + phase + "_"
                                    + group.replaceAll("[^A-Za-z]+", "_")
                                            .replaceAll("_+$", "")
                                            .toLowerCase(),
                            cores,
                            "cores"));
        }

        String csvText() {
            return csv.toString();
        }

        private static String format(Double value, String unit) {
            if (value == null || value.isNaN()) {
                return "n/a";
            }
            return switch (unit) {
                case "events/s" -> String.format("%,.0f ev/s", value);
                case "ms" -> String.format("%.2f ms", value);
                case "×" -> String.format("%.2f×", value);
                default -> String.format("%,.2f %s", value, unit);
            };
        }

        void printTable(PrintStream out) {
            String[] head = {"figure", "measured", "baseline", "ratio", "target", "result"};
            int[] w = new int[head.length];
            for (int i = 0; i < head.length; i++) {
                w[i] = head[i].length();
            }
            for (Line l : lines) {
                String[] c = {l.figure(), l.measured(), l.baseline(), l.ratio(), l.target(), l.result()};
                for (int i = 0; i < c.length; i++) {
                    w[i] = Math.max(w[i], c[i].length());
                }
            }
            String fmt = "%-" + w[0] + "s | %" + w[1] + "s | %" + w[2] + "s | %" + w[3] + "s | %-" + w[4] + "s | %s%n";
            out.printf(fmt, (Object[]) head);
            out.println("-".repeat(w[0] + w[1] + w[2] + w[3] + w[4] + w[5] + 15));
            for (Line l : lines) {
                out.printf(fmt, l.figure(), l.measured(), l.baseline(), l.ratio(), l.target(), l.result());
            }
        }
    }
}
