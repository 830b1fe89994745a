package io.customer360.mesh;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * Restarts the machine's shared NATS and PostgreSQL servers for fault tests. NATS is stopped gracefully (SIGTERM:
 * it flushes JetStream to disk first; STACK.md on its flush window) and started again with the very command line it
 * ran with; PostgreSQL is restarted by its cluster tool in fast mode (open sessions are cut, as in a failover).
 */
final class MachineServices {

    private static final Duration WITHIN = Duration.ofSeconds(60);

    private MachineServices() {}

    /**
     * Stops the nats-server serving the URL's port with SIGTERM, waits for it to exit, starts it again detached with
     * the same command line (a config file: no environment needed); waits for its port.
     */
    static void restartNats(String url) throws IOException, InterruptedException {
        int port = java.net.URI.create(url).getPort();
        long pid = natsServerPid(port);
        List<String> commandLine = commandLine(pid);
        run(List.of("kill", "-TERM", Long.toString(pid)));
        awaitExit(pid);
        List<String> detached = new ArrayList<>(List.of("setsid"));
        detached.addAll(commandLine);
        new ProcessBuilder(detached)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        awaitPort(port);
    }

    /** Restarts the newest PostgreSQL cluster named main (Debian's pg_ctlcluster, as scripts/infra.sh starts it). */
    static void restartPostgres() throws IOException, InterruptedException {
        String version;
        try (Stream<Path> versions = Files.list(Path.of("/etc/postgresql"))) {
            version = versions.map(path -> path.getFileName().toString())
                    .max(MachineServices::compareVersions)
                    .orElseThrow(() -> new IllegalStateException("no PostgreSQL cluster under /etc/postgresql"));
        }
        run(List.of("pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart", "-m", "fast"));
        awaitPort(5432);
    }

    private static int compareVersions(String left, String right) {
        return Double.compare(Double.parseDouble(left), Double.parseDouble(right));
    }

    /** The process listening on the port, as {@code ss} reports it; it must be a nats-server. */
    private static long natsServerPid(int port) throws IOException, InterruptedException {
        Process ss = new ProcessBuilder("ss", "-Hltnp", "sport = :" + port)
                .redirectErrorStream(true)
                .start();
        String output = new String(ss.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        ss.waitFor();
        java.util.regex.Matcher pid =
                java.util.regex.Pattern.compile("pid=(\\d+)").matcher(output);
        if (!pid.find()
                || commandLine(Long.parseLong(pid.group(1))).stream().noneMatch(arg -> arg.endsWith("nats-server"))) {
            throw new IllegalStateException("no nats-server process serving port " + port + " found: " + output);
        }
        return Long.parseLong(pid.group(1));
    }

    private static List<String> commandLine(long pid) throws IOException {
        String raw =
                new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")), StandardCharsets.UTF_8);
        return raw.isEmpty() ? List.of() : Arrays.asList(raw.split("\0"));
    }

    private static void awaitExit(long pid) throws InterruptedException {
        Instant deadline = Instant.now().plus(WITHIN);
        while (Files.exists(Path.of("/proc", Long.toString(pid)))
                && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
        }
        if (Files.exists(Path.of("/proc", Long.toString(pid)))) {
            throw new IllegalStateException("nats-server " + pid + " did not stop within " + WITHIN);
        }
    }

    private static void awaitPort(int port) throws InterruptedException {
        Instant deadline = Instant.now().plus(WITHIN);
        while (Instant.now().isBefore(deadline)) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException e) {
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException("nothing answers on 127.0.0.1:" + port + " within " + WITHIN);
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
    }
}
