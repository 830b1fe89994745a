package io.customer360.bench.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU used during a phase, from /proc (Linux only; silently empty elsewhere): the machine's busy cores and the
 * share of this benchmark, the child ingest-service, nats-server, other JVMs (a running mesh, Keycloak) and the
 * rest. A noisy neighbour shows up here instead of silently lowering the figures.
 */
public final class CpuMeter {

    public static final String BENCH = "bench (load generator)";
    public static final String INGEST = "ingest-service (child)";
    public static final String NATS = "nats-server";
    /** Every other nats-server of the machine, when {@link #natsPid} names the one this run measures. */
    public static final String OTHER_NATS = "other nats-servers";

    public static final String MESH = "running mesh + Keycloak";
    public static final String BUILDS = "Maven builds/tests";
    public static final String OTHER_JAVA = "other JVMs";
    public static final String REST = "everything else";

    public static final String POSTGRES = "PostgreSQL";
    public static final String REDIS = "Redis";

    private static final long HZ = clockTicks();
    private final long selfPid = ProcessHandle.current().pid();
    private volatile long childPid = -1;
    private volatile long natsPid = -1;
    /** More children, each a group of its own (in the order added), e.g. the three services of the aggregator benchmark. */
    private final Map<Long, String> children = new java.util.concurrent.ConcurrentHashMap<>();

    private final java.util.List<String> childGroups = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile boolean servers;

    public record Sample(long nanos, long busyTicks, long totalTicks, Map<String, Long> ticks) {}

    /** Average cores used per group between two samples, plus "machine busy" and "machine cores". */
    public record Usage(double seconds, double machineBusyCores, int cores, Map<String, Double> coresByGroup) {

        /** CPU seconds {@code group} used between the two samples (0 when not measured). */
        public double cpuSeconds(String group) {
            return coresByGroup.getOrDefault(group, 0.0) * seconds;
        }

        public String describe() {
            if (coresByGroup.isEmpty()) {
                return "(no /proc: CPU not measured)";
            }
            StringBuilder out =
                    new StringBuilder(String.format("machine %.2f of %d cores busy;", machineBusyCores, cores));
            coresByGroup.forEach((group, used) -> out.append(String.format(" %s %.2f,", group, used)));
            out.setLength(out.length() - 1);
            return out.toString();
        }
    }

    public void childPid(long pid) {
        this.childPid = pid;
    }

    /**
     * Counts only the nats-server with this pid as {@link #NATS} (the server the benchmark started for itself); the
     * machine's other nats-servers become {@link #OTHER_NATS}. Without it, every nats-server counts as {@link #NATS}.
     */
    public void natsPid(long pid) {
        this.natsPid = pid;
    }

    /** Counts {@code pid} as {@code group} (a child service of its own). */
    public void child(String group, long pid) {
        children.put(pid, group);
        if (!childGroups.contains(group)) {
            childGroups.add(group);
        }
    }

    /** Also counts PostgreSQL (all its backends) and redis-server as groups of their own. */
    public void countServers() {
        servers = true;
    }

    public Sample sample() {
        long now = System.nanoTime();
        Map<String, Long> ticks = new LinkedHashMap<>();
        java.util.List<String> groups = new java.util.ArrayList<>(java.util.List.of(BENCH));
        if (childGroups.isEmpty()) {
            groups.add(INGEST);
        }
        groups.addAll(childGroups);
        groups.add(NATS);
        if (natsPid > 0) {
            groups.add(OTHER_NATS);
        }
        if (servers) {
            groups.addAll(java.util.List.of(POSTGRES, REDIS));
        }
        groups.addAll(java.util.List.of(MESH, BUILDS, OTHER_JAVA));
        for (String group : groups) {
            ticks.put(group, 0L);
        }
        long busy = 0;
        long total = 0;
        try {
            String[] cpu =
                    Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            for (int i = 1; i < cpu.length && i <= 8; i++) {
                long v = Long.parseLong(cpu[i]);
                total += v;
                if (i != 4 && i != 5) { // idle, iowait
                    busy += v;
                }
            }
            try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
                procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                        .forEach(p -> {
                            try {
                                String stat = Files.readString(p.resolve("stat"));
                                int close = stat.lastIndexOf(')');
                                String comm = stat.substring(stat.indexOf('(') + 1, close);
                                String[] f = stat.substring(close + 2).split(" ");
                                long used = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime
                                long pid = Long.parseLong(p.getFileName().toString());
                                String group = pid == selfPid
                                        ? BENCH
                                        : pid == childPid
                                                ? INGEST
                                                : children.containsKey(pid)
                                                        ? children.get(pid)
                                                        : comm.equals("nats-server")
                                                                ? (natsPid <= 0 || pid == natsPid ? NATS : OTHER_NATS)
                                                                : servers && comm.startsWith("postgres")
                                                                        ? POSTGRES
                                                                        : servers && comm.startsWith("redis-server")
                                                                                ? REDIS
                                                                                : comm.equals("java")
                                                                                        ? javaGroup(p)
                                                                                        : null;
                                if (group != null) {
                                    ticks.merge(group, used, Long::sum);
                                }
                            } catch (IOException | RuntimeException e) {
                                // the process ended meanwhile
                            }
                        });
            }
        } catch (IOException | RuntimeException e) {
            return new Sample(now, 0, 0, Map.of());
        }
        return new Sample(now, busy, total, ticks);
    }

    public Usage between(Sample a, Sample b) {
        double seconds = (b.nanos() - a.nanos()) / 1e9;
        int cores = Runtime.getRuntime().availableProcessors();
        if (a.ticks().isEmpty() || b.ticks().isEmpty() || seconds <= 0) {
            return new Usage(seconds, 0, cores, Map.of());
        }
        Map<String, Double> used = new LinkedHashMap<>();
        double known = 0;
        for (String group : b.ticks().keySet()) {
            long delta = Math.max(0, b.ticks().get(group) - a.ticks().getOrDefault(group, 0L));
            double c = delta / (double) HZ / seconds;
            used.put(group, c);
            known += c;
        }
        double busyCores = (b.busyTicks() - a.busyTicks()) / (double) HZ / seconds;
        used.put(REST, Math.max(0, busyCores - known));
        return new Usage(seconds, busyCores, cores, used);
    }

    /** A JVM's role from its command line. */
    private static String javaGroup(Path proc) {
        try {
            String cmd = Files.readString(proc.resolve("cmdline")).replace('\0', ' ');
            if (cmd.contains("plexus-classworlds")
                    || cmd.contains("surefire")
                    || cmd.contains("failsafe")
                    || cmd.contains("quarkus-internal-test")) {
                return BUILDS;
            }
            if (cmd.contains("quarkus-run.jar") || cmd.contains("keycloak")) {
                return MESH;
            }
        } catch (IOException e) {
            // ended meanwhile
        }
        return OTHER_JAVA;
    }

    private static long clockTicks() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK")
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            p.waitFor();
            return Long.parseLong(out);
        } catch (Exception e) {
            return 100;
        }
    }
}
