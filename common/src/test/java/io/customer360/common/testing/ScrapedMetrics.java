package io.customer360.common.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A service's Prometheus scrape ({@code GET /q/metrics}) read as Prometheus reads it, so a test asserts a series by the
 * very name and labels an alert or a dashboard of docs/metrics.md uses (a renamed metric fails the test, not the
 * alert at night). Label values may hold spaces and escaped quotes; samples without a value are ignored.
 */
public final class ScrapedMetrics {

    /** One sample: the series name, its labels and its value. */
    public record Sample(String name, Map<String, String> labels, double value) {}

    private final List<Sample> samples;

    private ScrapedMetrics(List<Sample> samples) {
        this.samples = samples;
    }

    /** Parses the text exposition format (the body of {@code /q/metrics}). */
    public static ScrapedMetrics parse(String exposition) {
        List<Sample> samples = new ArrayList<>();
        for (String line : exposition.split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                Sample sample = sample(line.strip());
                if (sample != null) {
                    samples.add(sample);
                }
            }
        }
        return new ScrapedMetrics(samples);
    }

    /**
     * The sum over every series called {@code name} whose labels include all of {@code labels} (name, value pairs);
     * 0 when there is none, as a counter that was never incremented reads in a rate.
     */
    public double sum(String name, String... labels) {
        return matching(name, labels).stream().mapToDouble(Sample::value).sum();
    }

    /** Whether a series called {@code name} with all of {@code labels} is exported. */
    public boolean has(String name, String... labels) {
        return !matching(name, labels).isEmpty();
    }

    /** The series called {@code name} with all of {@code labels}. */
    public List<Sample> matching(String name, String... labels) {
        if (labels.length % 2 != 0) {
            throw new IllegalArgumentException("labels come in name, value pairs");
        }
        List<Sample> found = new ArrayList<>();
        for (Sample sample : samples) {
            if (sample.name().equals(name) && includes(sample.labels(), labels)) {
                found.add(sample);
            }
        }
        return found;
    }

    private static boolean includes(Map<String, String> have, String[] wanted) {
        for (int i = 0; i < wanted.length; i += 2) {
            if (!wanted[i + 1].equals(have.get(wanted[i]))) {
                return false;
            }
        }
        return true;
    }

    private static Sample sample(String line) {
        int brace = line.indexOf('{');
        int space = line.indexOf(' ');
        Map<String, String> labels = new LinkedHashMap<>();
        String name;
        String rest;
        if (brace >= 0 && (space < 0 || brace < space)) {
            name = line.substring(0, brace);
            int end = labels(line, brace + 1, labels);
            rest = line.substring(end + 1).strip();
        } else if (space > 0) {
            name = line.substring(0, space);
            rest = line.substring(space + 1).strip();
        } else {
            return null;
        }
        String value = rest.split(" ")[0];
        try {
            return new Sample(
                    name,
                    labels,
                    Double.parseDouble(value.replace("+Inf", "Infinity").replace("-Inf", "-Infinity")));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Reads {@code k="v",...} from {@code from} into {@code labels}; returns the index of the closing brace. */
    private static int labels(String line, int from, Map<String, String> labels) {
        int i = from;
        while (i < line.length() && line.charAt(i) != '}') {
            int equals = line.indexOf('=', i);
            String key = line.substring(i, equals).strip();
            StringBuilder value = new StringBuilder();
            i = equals + 2; // past ="
            while (line.charAt(i) != '"') {
                char c = line.charAt(i);
                if (c == '\\') {
                    char escaped = line.charAt(++i);
                    value.append(escaped == 'n' ? '\n' : escaped);
                } else {
                    value.append(c);
                }
                i++;
            }
            labels.put(key, value.toString());
            i++; // past the closing quote
            if (i < line.length() && line.charAt(i) == ',') {
                i++;
            }
        }
        return i;
    }
}
