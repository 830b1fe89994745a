package io.customer360.ingest.service;

import com.fasterxml.jackson.databind.JsonNode;

/** Shortens long free-text descriptions (seed: events over NATS_SUMMARIZE_THRESHOLD characters get a summary). */
final class Summaries {

    private static final String[] TEXT_FIELDS = {"description", "issue_description", "message", "content", "note"};

    private Summaries() {
    }

    /** The first long text field cut at a word boundary near {@code threshold}, or null when nothing is that long. */
    static String summarize(JsonNode data, int threshold) {
        for (String field : TEXT_FIELDS) {
            JsonNode value = data.get(field);
            if (value != null && value.isTextual() && value.asText().length() > threshold) {
                String text = value.asText();
                int cut = text.lastIndexOf(' ', threshold);
                return text.substring(0, cut > threshold / 2 ? cut : threshold).strip() + "…";
            }
        }
        return null;
    }
}
