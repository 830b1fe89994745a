package io.customer360.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The Node.js projects the ITs drive the mesh with (the console's browser check, the MCP SDK client, the Segment and
 * RudderStack libraries): each lives in a directory of its own under src/test with a package-lock.json.
 */
final class NodeScripts {

    /** What a finished command printed on stdout, and its exit status. */
    record Result(int exitCode, String output) {}

    private NodeScripts() {}

    /** {@code npm ci} in {@code dir} unless every one of {@code packages} is installed there already. */
    static void install(Path dir, String... packages) throws Exception {
        for (String pkg : packages) {
            if (!Files.exists(dir.resolve("node_modules").resolve(pkg).resolve("package.json"))) {
                Result npm = run(
                        dir,
                        List.of("npm", "ci", "--no-audit", "--no-fund", "--prefer-offline"),
                        Map.of(),
                        Duration.ofMinutes(5));
                assertThat(npm.exitCode())
                        .as("npm ci in %s: %s", dir, npm.output())
                        .isZero();
                return;
            }
        }
    }

    /**
     * Runs {@code command} in {@code dir} with {@code environment} added (secrets go there, never on the command line),
     * waits at most {@code within}; its stderr is echoed, its stdout returned.
     */
    static Result run(Path dir, List<String> command, Map<String, String> environment, Duration within)
            throws Exception {
        Path output = Files.createTempFile("node-script", ".out");
        Path errors = Files.createTempFile("node-script", ".err");
        try {
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectOutput(output.toFile())
                    .redirectError(errors.toFile());
            builder.environment().putAll(environment);
            Process process = builder.start();
            if (!process.waitFor(within.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                throw new AssertionError(
                        command.get(0) + " did not finish within " + within + ": " + Files.readString(errors));
            }
            String stderr = Files.readString(errors, StandardCharsets.UTF_8);
            if (!stderr.isBlank()) {
                System.err.println(stderr);
            }
            return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(output);
            Files.deleteIfExists(errors);
        }
    }
}
