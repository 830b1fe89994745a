package io.customer360.aggregator.domain.insight;

import java.util.List;

/** The key narrative (2–3 sentences) and, per sentence, how it is known and the events it rests on. */
public record Narrative(String text, List<Sentence> sentences) {

    public record Sentence(String text, String basis, List<String> evidenceEventIds) {}
}
