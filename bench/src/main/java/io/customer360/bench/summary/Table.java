package io.customer360.bench.summary;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/** The rows as a Markdown table (printed and pasted into BENCHMARKS.md) and as CSV. */
final class Table {

    private static final List<String> HEADER =
            List.of("service", "figure", "measured", "raw baseline", "baseline is", "ratio", "target", "result");

    private Table() {}

    static String markdown(List<Row> rows) {
        StringBuilder out =
                new StringBuilder("| " + String.join(" | ", HEADER) + " |\n|" + "---|".repeat(HEADER.size()) + "\n");
        for (Row row : rows) {
            out.append("| ").append(String.join(" | ", cells(row))).append(" |\n");
        }
        return out.toString();
    }

    static String csv(List<Row> rows) {
        StringBuilder out = new StringBuilder(String.join(",", HEADER) + "\n");
        for (Row row : rows) {
            out.append(String.join(",", cells(row).stream().map(Table::csvField).toList()))
                    .append('\n');
        }
        return out.toString();
    }

    private static List<String> cells(Row row) {
        Figure figure = row.figure();
        List<String> cells = new ArrayList<>();
        cells.add(figure.service());
        cells.add(figure.name());
        cells.add(number(row.value()));
        cells.add(figure.baselineKey() == null ? "–" : number(row.baseline()));
        cells.add(figure.baselineName() == null ? "–" : figure.baselineName());
        cells.add(
                row.ratio().isPresent()
                        ? String.format(Locale.ROOT, "%.2f×", row.ratio().getAsDouble())
                        : "–");
        cells.add(figure.target().text());
        cells.add(row.verdict());
        return cells;
    }

    static String number(OptionalDouble value) {
        return value.isPresent() ? number(value.getAsDouble()) : "n/a";
    }

    static String number(double value) {
        return Math.abs(value) >= 100
                ? String.format(Locale.ROOT, "%,.0f", value)
                : String.format(Locale.ROOT, "%.2f", value);
    }

    private static String csvField(String value) {
        return value.contains(",") || value.contains("\"") ? "\"" + value.replace("\"", "\"\"") + "\"" : value;
    }
}
