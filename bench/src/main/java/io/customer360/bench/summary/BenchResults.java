package io.customer360.bench.summary;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The figures of one benchmark's CSV, by key. The service benchmarks write three layouts: {@code figure,value,unit}
 * (ingest, enrichment), {@code phase,metric,value,target} (profile) and {@code phase,rate,metric,value,target}
 * (aggregator), and a metric name may itself hold a comma. So a figure's key is everything before its last two
 * columns, joined by commas (for example {@code cached,500,p99 ms}); the value is the column before the last.
 */
final class BenchResults {

    private final Map<String, String> values;

    private BenchResults(Map<String, String> values) {
        this.values = values;
    }

    static BenchResults read(Path csv) throws IOException {
        return parse(Files.readAllLines(csv, StandardCharsets.UTF_8));
    }

    static BenchResults parse(List<String> lines) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
            List<String> fields = List.of(line.split(",", -1));
            if (fields.size() < 3) {
                continue;
            }
            String key = String.join(",", fields.subList(0, fields.size() - 2));
            values.put(key, unquoted(fields.get(fields.size() - 2)));
        }
        return new BenchResults(values);
    }

    static BenchResults empty() {
        return new BenchResults(Map.of());
    }

    /** The number under the key; empty when the run did not measure it (or it is not a finite number). */
    OptionalDouble number(String key) {
        String value = values.get(key);
        if (value == null || value.isBlank()) {
            return OptionalDouble.empty();
        }
        try {
            double number = Double.parseDouble(value);
            // a phase with no answer writes NaN percentiles: nothing was measured
            return Double.isFinite(number) ? OptionalDouble.of(number) : OptionalDouble.empty();
        } catch (NumberFormatException e) {
            return OptionalDouble.empty();
        }
    }

    private static String unquoted(String value) {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                ? value.substring(1, value.length() - 1)
                : value;
    }
}
