package io.customer360.bench.summary;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The mesh table from the three CSV layouts of the service benchmarks: values, baselines, ratios, verdicts. */
class MeshBenchSummaryTest {

    @TempDir
    Path dir;

    private Path csv(String name, String... lines) throws Exception {
        return Files.write(dir.resolve(name), List.of(lines));
    }

    private static Row row(List<Row> rows, String service, String namePrefix) {
        return rows.stream()
                .filter(r -> r.figure().service().equals(service)
                        && r.figure().name().startsWith(namePrefix))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void valuesBaselinesRatiosAndVerdictsComeFromEachLayout() throws Exception {
        Path ingest = csv(
                "ingest.csv",
                "figure,value,unit",
                "run_id,\"20261122-1\",",
                "raw_events_per_s,20000.0,events/s",
                "ingest_events_per_s,8000.0,events/s",
                "latency_p99_ms,20.5,ms");
        Path profile = csv(
                "profile.csv",
                "phase,metric,value,target",
                "write,events/s applied,12000.0,10000.00",
                "copy,events/s by COPY (baseline),24000.0,",
                "read,p99 ms, worst endpoint,9.5,10.00");
        Path aggregator = csv(
                "aggregator.csv",
                "phase,rate,metric,value,target",
                "cached,500,p99 ms,8.535,5.00",
                "uncached,25,p99 ms,32.0,50.00",
                "baseline,25,p99 ms,16.0,",
                "uncached,500,p99 ms,31015.0,50.00",
                "baseline,500,p99 ms,NaN,");

        List<Row> rows = MeshBenchSummary.rows(Map.of(
                "ingest",
                ingest.toString(),
                "profile",
                profile.toString(),
                "aggregator",
                aggregator.toString(),
                "enrichment",
                "failed"));

        Row throughput = row(rows, "ingest", "events/s");
        assertThat(throughput.value().getAsDouble()).isEqualTo(8000.0);
        assertThat(throughput.baseline().getAsDouble()).isEqualTo(20000.0);
        assertThat(throughput.ratio().getAsDouble()).isEqualTo(0.4);
        assertThat(throughput.verdict())
                .as("8,000 events/s is under 10,000 although the ratio is met")
                .isEqualTo("NOT met");
        assertThat(row(rows, "ingest", "p99").verdict()).isEqualTo("met");

        Row write = row(rows, "profile", "events/s");
        assertThat(write.ratio().getAsDouble()).isEqualTo(0.5);
        assertThat(write.verdict()).isEqualTo("met");
        assertThat(row(rows, "profile", "read").value().getAsDouble())
                .as("a metric name with a comma")
                .isEqualTo(9.5);

        assertThat(row(rows, "aggregator", "cached").verdict()).isEqualTo("NOT met");
        Row uncached = row(rows, "aggregator", "uncached 360 view p99 ms at 25/s");
        assertThat(uncached.ratio().getAsDouble()).isEqualTo(2.0);
        assertThat(uncached.verdict())
                .as("32 ms is under 50 ms, but twice the bare fan-out (at most 1.2x)")
                .isEqualTo("NOT met");
        Row overloaded = row(rows, "aggregator", "uncached 360 view p99 ms at 500/s");
        assertThat(overloaded.baseline())
                .as("a baseline phase with no answer (NaN)")
                .isEmpty();
        assertThat(overloaded.verdict())
                .as("31 s fails the 50 ms bound whatever the ratio")
                .isEqualTo("NOT met");
        assertThat(row(rows, "aggregator", "uncached 360 view p99 ms at 10/s").verdict())
                .as("not in this run")
                .isEqualTo("n/a");

        assertThat(row(rows, "enrichment", "cache-hit").verdict()).isEqualTo("benchmark failed");
    }

    @Test
    void theTableAndTheChartAreWritten() throws Exception {
        Path ingest = csv(
                "ingest.csv",
                "figure,value,unit",
                "raw_events_per_s,20000.0,events/s",
                "ingest_events_per_s,12000.0,events/s");
        List<Row> rows = MeshBenchSummary.rows(Map.of("ingest", ingest.toString()));
        String table = Table.markdown(rows);
        assertThat(table)
                .contains(
                        "| ingest | events/s through ingest-service | 12,000 | 20,000 | raw JetStream publish+consume | 0.60× |");
        assertThat(Table.csv(rows).lines().count()).isEqualTo(rows.size() + 1);
        Path png = dir.resolve("mesh.png");
        TableChart.write(rows, "test", png);
        assertThat(Files.size(png)).isPositive();
    }
}
