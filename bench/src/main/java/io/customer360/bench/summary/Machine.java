package io.customer360.bench.summary;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** What the table was measured on: cores, CPU model, JDK, and how busy the machine is now (Linux's /proc). */
final class Machine {

    private Machine() {}

    static String describe() {
        return Runtime.getRuntime().availableProcessors() + " cores, " + cpuModel() + ", Java "
                + System.getProperty("java.version");
    }

    /** The 1, 5 and 15 minute load averages, as {@code /proc/loadavg} and mesh-bench.sh's record of the start write them. */
    static String loadAverage() {
        return firstOf("/proc/loadavg", 3);
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(line -> line.startsWith("model name"))
                    .map(line -> line.substring(line.indexOf(':') + 1).strip())
                    .findFirst()
                    .orElse("unknown CPU");
        } catch (IOException e) {
            return "unknown CPU";
        }
    }

    private static String firstOf(String file, int fields) {
        try {
            String[] parts = Files.readString(Path.of(file)).strip().split("\\s+");
            return String.join(" ", Arrays.copyOf(parts, Math.min(fields, parts.length)));
        } catch (IOException e) {
            return "unknown";
        }
    }
}
