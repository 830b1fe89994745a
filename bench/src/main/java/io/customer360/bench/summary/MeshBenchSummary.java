package io.customer360.bench.summary;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The one table of {@code ./mesh bench}: reads the CSV each service benchmark wrote in this run and prints, per figure,
 * the measured value, its raw baseline from the same run, the ratio and the target; writes the table as CSV and a
 * chart as PNG. Arguments: {@code <service>=<csv>} for each benchmark that ran ({@code <service>=failed} for one that
 * did not), {@code --out=<path without extension>}, {@code --command=<the command that ran>}, {@code --load-before=<the
 * load averages when the run started>}.
 */
public final class MeshBenchSummary {

    private MeshBenchSummary() {}

    public static void main(String[] args) throws IOException {
        Map<String, String> inputs = new HashMap<>();
        String out = null;
        String command = "./mesh bench";
        String loadBefore = "not recorded";
        for (String arg : args) {
            if (arg.startsWith("--out=")) {
                out = arg.substring(6);
            } else if (arg.startsWith("--command=")) {
                command = arg.substring(10);
            } else if (arg.startsWith("--load-before=")) {
                loadBefore = arg.substring(14);
            } else if (arg.contains("=")) {
                inputs.put(arg.substring(0, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
            }
        }
        List<Row> rows = rows(inputs);
        String machine = Machine.describe();
        System.out.println("Machine: " + machine);
        System.out.println("Command: " + command);
        // other work on the machine moves every figure: the reader needs to see it next to the table
        System.out.println("Load average (1, 5, 15 min): before " + loadBefore + ", after " + Machine.loadAverage());
        inputs.forEach((service, csv) -> System.out.println(service + ": " + csv));
        System.out.println();
        System.out.print(Table.markdown(rows));
        if (out != null) {
            Files.writeString(Path.of(out + ".csv"), Table.csv(rows), StandardCharsets.UTF_8);
            TableChart.write(rows, "./mesh bench — " + machine, Path.of(out + ".png"));
            System.out.println();
            System.out.println("Written: " + out + ".csv, " + out + ".png");
        }
    }

    static List<Row> rows(Map<String, String> inputs) throws IOException {
        Map<String, BenchResults> results = new HashMap<>();
        for (Map.Entry<String, String> input : inputs.entrySet()) {
            boolean ran = !input.getValue().equals("failed") && Files.exists(Path.of(input.getValue()));
            results.put(input.getKey(), ran ? BenchResults.read(Path.of(input.getValue())) : null);
        }
        List<Row> rows = new ArrayList<>();
        for (Figure figure : Figure.all()) {
            BenchResults service = results.get(figure.service());
            boolean failed = results.containsKey(figure.service()) && service == null;
            rows.add(Row.of(figure, service == null ? BenchResults.empty() : service, failed));
        }
        return rows;
    }
}
