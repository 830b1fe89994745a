package io.customer360.profile.domain.catalog;

import java.util.Locale;
import java.util.Map;

/** Ticket priorities P1–P4 and the partner words that map to them (docs/architecture.md, Conventions). */
public final class Priorities {

    private static final Map<String, String> WORDS =
            Map.of("urgent", "P1", "critical", "P1", "high", "P2", "medium", "P3", "normal", "P3", "low", "P4");

    private Priorities() {}

    /** {@code P1}–{@code P4}, or null for a word that is not a priority. */
    public static String normalize(String value) {
        String word = value.strip().toLowerCase(Locale.ROOT);
        if (word.matches("p[1-4]")) {
            return word.toUpperCase(Locale.ROOT);
        }
        return WORDS.get(word);
    }
}
