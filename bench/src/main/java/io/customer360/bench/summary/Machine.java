package io.customer360.bench.summary;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the table was measured on: cores, CPU model, JDK, load average (Linux's /proc). */
final class Machine {

    private Machine() {
    }

    static String describe() {
        return Runtime.getRuntime().availableProcessors() + " cores, " + cpuModel() + ", Java "
                + System.getProperty("java.version") + ", load average " + firstOf("/proc/loadavg", 3);
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(line -> line.startsWith("model name"))
                    .map(line -> line.substring(line.indexOf(':') + 1).strip()).findFirst().orElse("unknown CPU");
        } catch (IOException e) {
            return "unknown CPU";
        }
    }

    private static String firstOf(String file, int fields) {
        try {
            String[] parts = Files.readString(Path.of(file)).strip().split("\\s+");
            return String.join(" ", java.util.Arrays.copyOf(parts, Math.min(fields, parts.length)));
        } catch (IOException e) {
            return "unknown";
        }
    }
}
