package io.customer360.ingest.service;

import com.fasterxml.jackson.databind.JsonNode;
import java.text.BreakIterator;
import java.util.Locale;

/**
 * Extractive summaries of long free text (seed: descriptions over NATS_SUMMARIZE_THRESHOLD characters): the
 * leading whole sentences that fit the threshold. The original text stays untouched in the event's data.
 */
final class Summaries {

    private static final String[] TEXT_FIELDS = {"description", "issue_description", "message", "content", "note"};

    private Summaries() {}

    /** A summary of the first text field longer than {@code threshold}, or null when nothing is that long. */
    static String summarize(JsonNode data, int threshold) {
        for (String field : TEXT_FIELDS) {
            JsonNode value = data.get(field);
            if (value != null && value.isTextual() && value.asText().length() > threshold) {
                return leadingSentences(value.asText().strip(), threshold);
            }
        }
        return null;
    }

    static String leadingSentences(String text, int threshold) {
        BreakIterator sentences = BreakIterator.getSentenceInstance(Locale.ROOT);
        sentences.setText(text);
        int end = 0;
        for (int next = sentences.next(); next != BreakIterator.DONE && next <= threshold; next = sentences.next()) {
            end = next;
        }
        if (end > 0) {
            return text.substring(0, end).strip();
        }
        // one sentence longer than the threshold: cut at a word boundary
        int cut = text.lastIndexOf(' ', threshold);
        return text.substring(0, cut > threshold / 2 ? cut : threshold).strip() + "…";
    }
}
