package io.customer360.bench.ingest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The table of bench/ingest-auth.sh: reads the ingest-*.csv of one comparison directory (runs of
 * {@code bench/ingest.sh --mode=open} and {@code --mode=secured}) and prints one line per run, the median of each
 * mode, and secured / open. Issue 17: the ingest run with credentials within 10 % of the same run without them.
 * <p>
 * {@code java -cp bench/target/classes io.customer360.bench.IngestAuthReport [--medians-only] DIR...}
 */
public final class IngestAuthReport {

    /** Allowed loss of throughput with credentials (issue 17, "Nothing slower than it must be"). */
    static final double TOLERANCE = 0.10;

    /** A figure of the table: its heading, its CSV row, and how it is printed. */
    private record Column(String heading, String key, String format) {}

    private static final List<Column> COLUMNS = List.of(
            new Column("ingest ev/s", "ingest_events_per_s", "%,.0f"),
            new Column("ingest µs/ev", "ingest_ingest_service_cpu_us_per_event", "%.1f"),
            new Column("nats µs/ev", "ingest_nats_server_cpu_us_per_event", "%.1f"),
            new Column("bench µs/ev", "ingest_bench_cpu_us_per_event", "%.1f"),
            new Column("publish ev/s", "publish_events_per_s", "%,.0f"),
            new Column("nats µs/pub", "publish_nats_server_cpu_us_per_event", "%.1f"));

    record Run(
            String id,
            String mode,
            Map<String, Double> figures,
            double others,
            String exactlyOnce,
            String loadBefore,
            String loadAfter) {}

    private IngestAuthReport() {}

    public static void main(String[] args) throws IOException {
        Locale.setDefault(Locale.US);
        List<String> dirs = new ArrayList<>(List.of(args));
        boolean mediansOnly = dirs.remove("--medians-only");
        if (dirs.isEmpty()) {
            System.err.println(
                    "usage: IngestAuthReport [--medians-only] DIR... (the ingest-*.csv of bench/ingest-auth.sh)");
            System.exit(2);
        }
        List<Run> runs = new ArrayList<>();
        for (String dir : dirs) {
            try (Stream<Path> files = Files.list(Path.of(dir))) {
                for (Path file : files.filter(f -> f.getFileName().toString().matches("ingest-\\d{8}-\\d{6}\\.csv"))
                        .sorted()
                        .toList()) {
                    runs.add(read(file));
                }
            }
        }
        if (runs.isEmpty()) {
            System.err.println("no ingest-*.csv in " + dirs);
            System.exit(1);
        }
        String table = table(runs);
        System.out.print(mediansOnly ? table.substring(table.indexOf("\nmedian of runs") + 1) : table);
    }

    static Run read(Path file) throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            int comma = line.indexOf(',');
            if (comma <= 0) {
                continue;
            }
            String rest = line.substring(comma + 1);
            String value = rest.startsWith("\"")
                    ? rest.substring(1, Math.max(1, rest.indexOf('"', 1)))
                    : rest.substring(0, rest.indexOf(',') < 0 ? rest.length() : rest.indexOf(','));
            values.put(line.substring(0, comma), value);
        }
        Map<String, Double> figures = new LinkedHashMap<>();
        for (Column column : COLUMNS) {
            figures.put(column.key(), number(values, column.key()));
        }
        // other processes' CPU during the ingest measurement: the machine's busy cores minus the system under test
        double busy = number(values, "cpu_ingest_machine_busy_cores");
        double ours = 0;
        for (String group :
                List.of("bench_load_generator", "ingest_service_child", "nats_server", "postgresql", "redis")) {
            double cores = number(values, "cpu_ingest_" + group);
            ours += Double.isNaN(cores) ? 0 : cores;
        }
        long n = (long) number(values, "ingest_events");
        long distinct = (long) number(values, "ingest_distinct");
        long duplicates = (long) number(values, "ingest_duplicates");
        String exactlyOnce = !values.containsKey("ingest_distinct")
                ? "n/a"
                : distinct == n && duplicates == 0 ? "yes" : distinct + "/" + n + ", " + duplicates + " dup";
        return new Run(
                values.getOrDefault("run_id", file.getFileName().toString()),
                values.getOrDefault("mode", "?"),
                figures,
                Double.isNaN(busy) ? Double.NaN : Math.max(0, busy - ours),
                exactlyOnce,
                firstField(values.getOrDefault("loadavg_before", "")),
                firstField(values.getOrDefault("loadavg_after", "")));
    }

    static String table(List<Run> runs) {
        List<Column> shown = COLUMNS.stream()
                .filter(c ->
                        runs.stream().anyMatch(r -> !Double.isNaN(r.figures().get(c.key()))))
                .toList();
        StringBuilder out = new StringBuilder();
        StringBuilder head = new StringBuilder(String.format("%-17s %-8s", "run", "mode"));
        shown.forEach(c -> head.append(String.format(" %12s", c.heading())));
        out.append(head).append(String.format(" %13s %11s %12s%n", "others' cores", "load 1m", "exactly-once"));
        for (Run run : runs.stream().sorted(Comparator.comparing(Run::id)).toList()) {
            out.append(String.format("%-17s %-8s", run.id(), run.mode()));
            shown.forEach(c ->
                    out.append(String.format(" %12s", format(c, run.figures().get(c.key())))));
            out.append(String.format(
                    " %13s %11s %12s%n",
                    Double.isNaN(run.others()) ? "?" : String.format("%.2f", run.others()),
                    run.loadBefore() + "→" + run.loadAfter(),
                    run.exactlyOnce()));
        }
        out.append('\n');
        StringBuilder summaryHead = new StringBuilder(String.format("%-26s", "median of runs"));
        shown.forEach(c -> summaryHead.append(String.format(" %12s", c.heading())));
        out.append(summaryHead).append('\n');
        Map<String, Map<String, Double>> medians = new LinkedHashMap<>();
        for (String mode : List.of("open", "secured", "shared")) {
            List<Run> of = runs.stream().filter(r -> r.mode().equals(mode)).toList();
            if (of.isEmpty()) {
                continue;
            }
            Map<String, Double> m = new LinkedHashMap<>();
            out.append(String.format("%-26s", mode + " (" + of.size() + " runs)"));
            for (Column c : shown) {
                m.put(c.key(), median(of, c.key()));
                out.append(String.format(" %12s", format(c, m.get(c.key()))));
            }
            out.append('\n');
            medians.put(mode, m);
        }
        Map<String, Double> open = medians.get("open");
        Map<String, Double> secured = medians.get("secured");
        if (open != null && secured != null) {
            out.append(String.format("%-26s", "ratio secured / open"));
            shown.forEach(c -> out.append(
                    String.format(" %12s", String.format("%.3f", secured.get(c.key()) / open.get(c.key())))));
            out.append('\n');
            double loss = 1 - secured.get("ingest_events_per_s") / open.get("ingest_events_per_s");
            out.append(String.format(
                    "%ningest throughput with credentials: %+.1f %% against the same run without them (issue 17: within %.0f %%)"
                            + " -> %s%n",
                    -loss * 100, TOLERANCE * 100, loss <= TOLERANCE ? "PASS" : "FAIL"));
            out.append(String.format(
                    "run-to-run spread of ingest events/s (max/min - 1): open %.1f %%, secured %.1f %%%n",
                    spread(runs, "open") * 100, spread(runs, "secured") * 100));
        }
        return out.toString();
    }

    private static String format(Column column, double value) {
        return Double.isNaN(value) ? "n/a" : String.format(column.format(), value);
    }

    private static double spread(List<Run> runs, String mode) {
        double[] rates = runs.stream()
                .filter(r -> r.mode().equals(mode))
                .mapToDouble(r -> r.figures().get("ingest_events_per_s"))
                .filter(v -> !Double.isNaN(v))
                .toArray();
        double max = java.util.Arrays.stream(rates).max().orElse(Double.NaN);
        double min = java.util.Arrays.stream(rates).min().orElse(Double.NaN);
        return max / min - 1;
    }

    private static double median(List<Run> runs, String key) {
        double[] values = runs.stream()
                .mapToDouble(r -> r.figures().get(key))
                .filter(v -> !Double.isNaN(v))
                .sorted()
                .toArray();
        if (values.length == 0) {
            return Double.NaN;
        }
        int half = values.length / 2;
        return values.length % 2 == 1 ? values[half] : (values[half - 1] + values[half]) / 2;
    }

    private static double number(Map<String, String> values, String key) {
        String value = values.get(key);
        if (value == null || value.isBlank()) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static String firstField(String load) {
        String[] parts = load.trim().split("\\s+");
        return parts.length == 0 || parts[0].isEmpty() ? "?" : parts[0];
    }
}
