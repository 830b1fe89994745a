package io.customer360.bench.harness;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A packaged service, started as a child JVM with the benchmark's subject and stream prefixes
 * ({@code bench.} / {@code BENCH_}) and its own HTTP port, so a running mesh is not disturbed. Its output goes to
 * a log file next to the results.
 * <p>
 * With prefixes the child runs on the machine's NATS without accounts and creates its streams and durable consumers
 * itself ({@code mesh.nats.provision=true}, as in tests and dev mode). Without prefixes it runs on a server of its
 * own that the provisioning step prepared (docs/nats-security.md) and only binds to the durables, as in production;
 * its NATS user and password then come through {@code environment} ({@code NATS_USER}, {@code NATS_PASSWORD}).
 */
public final class ServiceChild implements AutoCloseable {

    public static final String SUBJECT_PREFIX = "bench.";
    public static final String STREAM_PREFIX = "BENCH_";

    private final String name;
    private final Process process;
    private final Path log;
    private final int port;

    private ServiceChild(String name, Process process, Path log, int port) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /**
     * Copies the packaged service (the quarkus-app directory of {@code jar}) to {@code into}, so a rebuild of
     * the service during the run cannot swap classes under the running child; returns the copied jar.
     */
    public static Path snapshot(Path jar, Path into) throws IOException {
        Path app = jar.toAbsolutePath().getParent();
        deleteTree(into);
        try (java.util.stream.Stream<Path> files = Files.walk(app)) {
            for (Path source : (Iterable<Path>) files::iterator) {
                Path target = into.resolve(app.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        return into.resolve(jar.getFileName().toString());
    }

    public static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) files.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }

    /** The application jar of a quarkus-app directory: its modification time and the start of its SHA-256. */
    public static String describeBuild(Path jar) {
        try (java.util.stream.Stream<Path> files =
                Files.list(jar.toAbsolutePath().getParent().resolve("app"))) {
            Path app =
                    files.filter(p -> p.toString().endsWith(".jar")).findFirst().orElse(jar);
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(app));
            return app.getFileName() + " built "
                    + Files.getLastModifiedTime(app).toInstant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                    + " sha256 " + java.util.HexFormat.of().formatHex(digest, 0, 6);
        } catch (Exception e) {
            return "(unknown build: " + e + ")";
        }
    }

    public static ServiceChild start(Path jar, int port, String natsUrl, String extraOpts, Path log)
            throws IOException {
        return start("ingest-service", jar, port, natsUrl, extraOpts, List.of(), log);
    }

    /** {@code properties}: more {@code -Dkey=value} options, e.g. the database URL. */
    public static ServiceChild start(
            String name, Path jar, int port, String natsUrl, String extraOpts, List<String> properties, Path log)
            throws IOException {
        return start(name, jar, port, natsUrl, SUBJECT_PREFIX, STREAM_PREFIX, extraOpts, properties, Map.of(), log);
    }

    /**
     * As above with NATS prefixes of the caller's choosing, and {@code environment} added to the child's: for secrets,
     * which never go on the command line (it is printed, and visible in {@code ps}).
     */
    public static ServiceChild start(
            String name,
            Path jar,
            int port,
            String natsUrl,
            String subjectPrefix,
            String streamPrefix,
            String extraOpts,
            List<String> properties,
            Map<String, String> environment,
            Path log)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (!extraOpts.isBlank()) {
            command.addAll(Arrays.asList(extraOpts.trim().split("\\s+")));
        }
        command.addAll(List.of(
                "-Dquarkus.http.host=127.0.0.1",
                "-Dquarkus.http.port=" + port,
                "-Dmesh.nats.servers=" + natsUrl,
                // plain log lines: the benchmarks digest them (AggregatorBenchmark.logDigest); prod logs are JSON
                "-Dquarkus.log.console.json.enabled=false"));
        if (!subjectPrefix.isEmpty() || !streamPrefix.isEmpty()) {
            // the machine's NATS without accounts, shared with others: the child's own names, created by itself
            command.addAll(List.of(
                    "-Dmesh.nats.subject-prefix=" + subjectPrefix,
                    "-Dmesh.nats.stream-prefix=" + streamPrefix,
                    "-Dmesh.nats.provision=true"));
        }
        properties.forEach(property -> command.add("-D" + property));
        command.addAll(List.of("-jar", jar.toString()));
        Files.createDirectories(log.getParent());
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        // the child's NATS identity is the caller's choice only, never one inherited from the shell (sourced .creds)
        builder.environment().keySet().removeAll(List.of("NATS_USER", "NATS_PASSWORD"));
        builder.environment().putAll(environment);
        Process process = builder.start();
        ServiceChild child = new ServiceChild(name, process, log, port);
        Runtime.getRuntime().addShutdownHook(new Thread(child::close));
        System.out.printf(
                "  started %s pid %d: %s%n", name, process.pid(), String.join(" ", command.subList(1, command.size())));
        return child;
    }

    public boolean alive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    public Path log() {
        return log;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** Waits for /q/health/ready to answer 200; returns the milliseconds it took. */
    public long awaitReady(Duration timeout) throws IOException, InterruptedException {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                .timeout(Duration.ofSeconds(2))
                .build();
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + ":\n" + tail(30));
            }
            try {
                if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return (System.nanoTime() - start) / 1_000_000;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException(name + " not ready after " + timeout + ":\n" + tail(30));
    }

    public String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** SIGTERM, then SIGKILL after 20 s. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
