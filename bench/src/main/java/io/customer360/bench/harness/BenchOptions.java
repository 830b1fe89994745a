package io.customer360.bench.harness;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Options of the ingest benchmark. Every option can be given as a program argument ({@code --events=100000} or
 * {@code events=100000}) or as a system property ({@code -Dbench.events=100000}); arguments win.
 */
public final class BenchOptions {

    private static final Map<String, String[]> KNOWN = new LinkedHashMap<>();

    static {
        KNOWN.put("events", new String[] {"100000", "events published in the raw baseline and the throughput phase"});
        KNOWN.put("warmup-events", new String[] {
            "20000",
            "events sent and drained (not measured) before the raw and ingest throughput measurements: JIT warm-up"
        });
        KNOWN.put("rate", new String[] {"2000", "events/s of the fixed-rate latency phase"});
        KNOWN.put("duration", new String[] {"30", "seconds measured in the latency phase (after the warm-up)"});
        KNOWN.put("warmup", new String[] {"5", "seconds of warm-up at the fixed rate before latencies are recorded"});
        KNOWN.put("phases", new String[] {
            "raw,ingest,latency",
            "comma-separated: raw (bare JetStream baseline), relay (bare consume+republish+ack, diagnostic), "
                    + "publish (the partner's JetStream publishes alone, no consumer; --mode=open/secured only, diagnostic), "
                    + "ingest (throughput + exactly-once), latency (fixed rate)"
        });
        KNOWN.put("in-flight", new String[] {"2000", "bound on outstanding JetStream publish acks of the load generator"
        });
        KNOWN.put("customers", new String[] {"10000", "distinct customer ids (bench_<k>) the events are spread over"});
        KNOWN.put("msg-id", new String[] {
            "true", "set Nats-Msg-Id = event_id on the partner publishes (as a careful partner would)"
        });
        KNOWN.put(
                "raw-max-ack-pending",
                new String[] {"1000", "max-ack-pending of the raw baseline consumer (ingest-service's default)"});
        KNOWN.put(
                "raw-batch",
                new String[] {"200", "pull batch size of the raw baseline consumer (ingest-service's default)"});
        KNOWN.put(
                "idle-timeout",
                new String[] {"30", "seconds without a new downstream event before a phase stops waiting"});
        KNOWN.put("nats", new String[] {"nats://127.0.0.1:4222", "NATS server URL (the benchmark and the child service)"
        });
        KNOWN.put("mode", new String[] {
            "shared",
            "shared: the machine's NATS without accounts, names prefixed bench./BENCH_, the child creates its topology; "
                    + "open: a nats-server of this run without authorization (bench/ingest.sh --mode=open starts it), "
                    + "no prefixes, topology by the provisioning step; secured: the same server with the accounts of "
                    + "k8s/base/nats/accounts.conf (--secured), every client with its own credentials"
        });
        KNOWN.put("nats-pid", new String[] {
            "",
            "pid of the nats-server whose CPU is measured (the one bench/ingest.sh started); "
                    + "empty: every nats-server of the machine counts"
        });
        KNOWN.put("credentials", new String[] {".mesh/nats", "directory of the <user>.creds files (--mode=secured)"});
        KNOWN.put("port", new String[] {"18091", "HTTP port of the child ingest-service"});
        KNOWN.put("pg", new String[] {"127.0.0.1:5432", "PostgreSQL host:port of the child (user postgres)"});
        KNOWN.put("db", new String[] {
            "c360_ingest_bench",
            "the child's database, dropped and created at every run (so a running mesh's c360_ingest is not touched"
                    + " and every run starts from an empty store)"
        });
        KNOWN.put(
                "jar",
                new String[] {"ingest-service/target/quarkus-app/quarkus-run.jar", "the packaged ingest-service"});
        KNOWN.put(
                "child-opts",
                new String[] {"", "extra JVM options for the child ingest-service (space-separated), e.g. -Xmx512m"});
        KNOWN.put("ready-timeout", new String[] {"120", "seconds to wait for the child's /q/health/ready"});
        KNOWN.put("results", new String[] {"bench/results", "directory of the CSV, .hgrm, PNG and the child's log"});
        KNOWN.put("keep-streams", new String[] {"false", "leave the BENCH_ streams and consumers in place at the end"});
    }

    private final Map<String, String> values = new LinkedHashMap<>();

    private BenchOptions() {}

    public static BenchOptions parse(String[] args) {
        BenchOptions options = new BenchOptions();
        KNOWN.forEach((key, spec) -> options.values.put(key, System.getProperty("bench." + key, spec[0])));
        for (String arg : args) {
            if (arg.equals("-h") || arg.equals("--help") || arg.equals("help")) {
                usage();
                System.exit(0);
            }
            String a = arg.startsWith("--") ? arg.substring(2) : arg;
            int eq = a.indexOf('=');
            if (eq <= 0 || !KNOWN.containsKey(a.substring(0, eq))) {
                System.err.println("unknown argument: " + arg);
                usage();
                System.exit(2);
            }
            options.values.put(a.substring(0, eq), a.substring(eq + 1));
        }
        return options;
    }

    /**
     * For benchmarks whose options are a plain map of defaults: each {@code --key=value} (or {@code key=value}) of
     * {@code args} replaces a default; an unknown key prints the options and exits with 2, {@code --help} prints them.
     */
    public static void override(Map<String, String> defaults, String[] args, String command) {
        for (String arg : args) {
            if (arg.equals("-h") || arg.equals("--help")) {
                System.err.println(command + " [--option=value ...]; options and defaults: " + defaults);
                System.exit(0);
            }
            String a = arg.startsWith("--") ? arg.substring(2) : arg;
            int eq = a.indexOf('=');
            if (eq <= 0 || !defaults.containsKey(a.substring(0, eq))) {
                System.err.println("unknown argument " + arg + "; options and defaults: " + defaults);
                System.exit(2);
            }
            defaults.put(a.substring(0, eq), a.substring(eq + 1));
        }
    }

    public static void usage() {
        System.err.println("usage: bench/ingest.sh [--option=value ...]   (or -Dbench.option=value)");
        KNOWN.forEach((key, spec) ->
                System.err.printf("  --%-20s %s (default: %s)%n", key, spec[1], spec[0].isEmpty() ? "none" : spec[0]));
    }

    public String get(String key) {
        return values.get(key);
    }

    public int integer(String key) {
        return Integer.parseInt(get(key).replace("_", "").trim());
    }

    public boolean flag(String key) {
        return Boolean.parseBoolean(get(key).trim());
    }

    public Path path(String key) {
        return Path.of(get(key));
    }

    /** shared, open or secured (see the option). */
    public String mode() {
        String mode = get("mode").trim().toLowerCase();
        if (!Set.of("shared", "open", "secured").contains(mode)) {
            throw new IllegalArgumentException("unknown mode '" + mode + "' (shared, open, secured)");
        }
        return mode;
    }

    public Set<String> phases() {
        Set<String> phases = new LinkedHashSet<>();
        for (String p : get("phases").split(",")) {
            String phase = p.trim().toLowerCase();
            if (!phase.isEmpty()) {
                if (!Set.of("raw", "relay", "publish", "ingest", "latency").contains(phase)) {
                    throw new IllegalArgumentException("unknown phase '" + phase + "'");
                }
                phases.add(phase);
            }
        }
        return phases;
    }

    public Map<String, String> all() {
        return values;
    }
}
