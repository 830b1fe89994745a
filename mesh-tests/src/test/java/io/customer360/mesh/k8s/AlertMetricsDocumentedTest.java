package io.customer360.mesh.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every series an alert of {@code k8s/components/monitoring/prometheusrule.yaml} reads is listed in docs/metrics.md,
 * whose names the services' metrics tests read from {@code /q/metrics}: an alert on a series nobody registers never
 * fires, and nobody notices until the incident it was for. Series are recognised by the mesh's prefixes (its own,
 * SmallRye FT's {@code ft_} and prometheus-nats-exporter's {@code nats_}); a histogram's {@code _bucket} or a
 * timer's {@code _count} is documented under its base name.
 */
class AlertMetricsDocumentedTest {

    private static final Pattern SERIES =
            Pattern.compile("\\b((?:ingest|profile|aggregator|c360|ft|nats)_[a-zA-Z0-9_]+)\\b");
    private static final Pattern SUFFIX = Pattern.compile("_(bucket|count|sum|max)$");

    @Test
    void everySeriesAnAlertReadsIsDocumented() throws IOException {
        Path root = root();
        String rules = Files.readString(root.resolve("k8s/components/monitoring/prometheusrule.yaml"));
        String docs = Files.readString(root.resolve("docs/metrics.md"));

        Set<String> read = new TreeSet<>();
        for (String line : rules.split("\n")) {
            // only expressions: comments and annotations may name things in prose
            String stripped = line.strip();
            if (stripped.startsWith("#") || stripped.startsWith("summary:") || stripped.startsWith("description:")) {
                continue;
            }
            Matcher series = SERIES.matcher(line);
            while (series.find()) {
                read.add(series.group(1));
            }
        }

        assertThat(read)
                .as("series the alerts read")
                .contains(
                        "ingest_dead_letters_total",
                        "c360_enrichment_quota_decisions_total",
                        "ft_circuitbreaker_state_current",
                        "nats_consumer_num_pending");
        Set<String> undocumented = new TreeSet<>();
        for (String name : read) {
            String base = SUFFIX.matcher(name).replaceFirst("");
            if (!docs.contains("`" + name + "`")
                    && !docs.contains("`" + base + "`")
                    && !docs.contains("`" + base + "` (")) {
                undocumented.add(name);
            }
        }
        assertThat(undocumented)
                .as("series alerts read that docs/metrics.md does not list")
                .isEmpty();
    }

    private static Path root() {
        for (Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("docs/metrics.md")) && Files.isDirectory(dir.resolve("k8s"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no docs/metrics.md above " + System.getProperty("user.dir"));
    }
}
