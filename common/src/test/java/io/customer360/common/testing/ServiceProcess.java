package io.customer360.common.testing;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One packaged service ({@code <module>/target/quarkus-app/quarkus-run.jar}) started as a separate JVM for a test,
 * with the given configuration, its log in {@code target/<module>-under-test.log} (earlier ones kept beside it).
 */
public final class ServiceProcess implements AutoCloseable {

    private final String module;
    private final int port;
    private final Process process;
    private final Path log;

    private ServiceProcess(String module, int port, Process process, Path log) {
        this.module = module;
        this.port = port;
        this.process = process;
        this.log = log;
    }

    /**
     * Starts the module's packaged jar and waits until its readiness check answers 200. It listens on a free port,
     * or on {@code quarkus.http.port} when the configuration names one (a restart that keeps its address).
     */
    public static ServiceProcess start(String module, Map<String, String> config, Duration readyWithin) {
        ServiceProcess service = launch(module, config);
        service.awaitReady(readyWithin);
        return service;
    }

    /**
     * Starts the module's packaged jar without waiting for it: several services started this way boot side by side,
     * which is what a mesh start spends most of its time on. Call {@link #awaitReady(Duration)} before using it.
     */
    public static ServiceProcess launch(String module, Map<String, String> config) {
        Path jar = projectRoot().resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(
                    jar + " is missing: package the module first (./mvnw package, or ./mesh test)");
        }
        int port = config.containsKey("quarkus.http.port")
                ? Integer.parseInt(config.get("quarkus.http.port"))
                : freePort();
        // C1 only: a test run is mostly start-up, which this halves in CPU (8.5-9.8 s -> 4.6 s for profile-service)
        List<String> command = new ArrayList<>(
                List.of(javaBinary(), "-Xmx256m", "-XX:TieredStopAtLevel=1", "-Dquarkus.http.port=" + port));
        config.forEach((key, value) -> {
            if (!key.equals("quarkus.http.port")) {
                command.add("-D" + key + "=" + value);
            }
        });
        command.add("-jar");
        command.add(jar.toString());
        Path log = Path.of("target", module + "-under-test.log").toAbsolutePath();
        try {
            Files.createDirectories(log.getParent());
            keepEarlierLog(log);
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            return new ServiceProcess(module, port, process, log);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start " + module, e);
        }
    }

    /**
     * A service killed and started again (ChaosIT) would lose the log of its first life, the one that tells why it was
     * slow: the earlier log moves aside as {@code <module>-under-test.log.<time it was last written>}.
     */
    private static void keepEarlierLog(Path log) throws IOException {
        if (Files.exists(log)) {
            Path earlier = log.resolveSibling(
                    log.getFileName() + "." + Files.getLastModifiedTime(log).toMillis());
            Files.move(log, earlier, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** The file the service logs to. */
    public Path log() {
        return log;
    }

    /** Stops the JVM the hard way, as a crash would. */
    public void kill() {
        process.destroyForcibly();
        waitForExit();
    }

    /**
     * Sends SIGTERM, as Kubernetes does when it stops a pod, and waits for the JVM to finish its graceful shutdown.
     * Returns the exit code, or -1 when it had not exited within {@code within} and was killed.
     */
    public int terminate(Duration within) {
        process.destroy();
        try {
            if (process.waitFor(within.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                return process.exitValue();
            }
            process.destroyForcibly().waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return -1;
    }

    @Override
    public void close() {
        process.destroy();
        waitForExit();
    }

    private void waitForExit() {
        try {
            if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits until the readiness check answers 200; stops the process and fails when it exits or takes longer. */
    public void awaitReady(Duration within) {
        Instant deadline = Instant.now().plus(within);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(module + " exited with " + process.exitValue() + "; see " + log);
            }
            if (readinessStatus() == 200) {
                return;
            }
            sleep(250);
        }
        close();
        throw new IllegalStateException(module + " was not ready within " + within + "; see " + log);
    }

    private int readinessStatus() {
        try {
            HttpURLConnection connection = (HttpURLConnection)
                    URI.create(baseUrl() + "/q/health/ready").toURL().openConnection();
            connection.setConnectTimeout(500);
            connection.setReadTimeout(2000);
            return connection.getResponseCode();
        } catch (IOException e) {
            return -1;
        }
    }

    /** The repository root: the nearest directory upwards that holds the {@code mvnw} script. */
    public static Path projectRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("mvnw"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("Not inside the project");
        }
        return dir;
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** A port nothing listens on now, for a service whose address others must know before it starts. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
