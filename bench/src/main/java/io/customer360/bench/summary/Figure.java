package io.customer360.bench.summary;

import java.util.ArrayList;
import java.util.List;

/**
 * One line of the mesh table: which service's CSV, the key of the measured value, the key and meaning of its raw
 * baseline from the same run (null when it has none), and the target (from BENCHMARKS.md and the issues).
 */
record Figure(String service, String name, String key, String baselineKey, String baselineName, Target target) {

    /** Every figure ./mesh bench reports, in the table's order. */
    static List<Figure> all() {
        List<Figure> figures = new ArrayList<>(List.of(
                new Figure(
                        "ingest",
                        "events/s through ingest-service",
                        "ingest_events_per_s",
                        "raw_events_per_s",
                        "raw JetStream publish+consume",
                        Target.atLeastWithRatio(10_000, 0.35)),
                new Figure(
                        "ingest",
                        "p99 ms at a constant 2,000 events/s",
                        "latency_p99_ms",
                        null,
                        null,
                        Target.atMost(50)),
                new Figure(
                        "profile",
                        "events/s applied to the read models",
                        "write,events/s applied",
                        "copy,events/s by COPY (baseline)",
                        "PostgreSQL COPY of the same rows",
                        Target.atLeastWithRatio(10_000, 0.4)),
                new Figure(
                        "profile",
                        "read p99 ms, worst section endpoint, 500/s",
                        "read,p99 ms, worst endpoint",
                        null,
                        null,
                        Target.atMost(10)),
                new Figure(
                        "enrichment", "cache-hit GET p99 ms at 2,000/s", "cache_p99_ms", null, null, Target.atMost(2)),
                new Figure(
                        "enrichment",
                        "quota decision p99 ms at 2,000/s",
                        "quota_service_p99_ms",
                        "quota_raw_p99_ms",
                        "raw Redis EVALSHA of the same script",
                        Target.ratioAtMost(1.5)),
                new Figure(
                        "enrichment",
                        "refresh p99 ms, one slow and one failing provider",
                        "waterfall_p99_ms",
                        null,
                        null,
                        Target.atMost(2_000)),
                new Figure(
                        "aggregator",
                        "cached 360 view p99 ms at 500/s",
                        "cached,500,p99 ms",
                        null,
                        null,
                        Target.atMost(5))));
        for (String rate : List.of("10", "25", "50", "500")) {
            figures.add(new Figure(
                    "aggregator",
                    "uncached 360 view p99 ms at " + rate + "/s",
                    "uncached," + rate + ",p99 ms",
                    "baseline," + rate + ",p99 ms",
                    "bare HTTP fan-out, same rate",
                    new Target(null, 50.0, null, 1.2)));
        }
        return figures;
    }
}
