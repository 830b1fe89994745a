package io.customer360.aggregator.service.insight;

import io.customer360.aggregator.domain.insight.Evidence;
import io.customer360.aggregator.domain.insight.HealthScore;
import io.customer360.aggregator.domain.insight.Narrative;
import io.customer360.aggregator.domain.insight.Opportunity;
import io.customer360.aggregator.domain.insight.Risk;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Writes the seed's 2–3 sentence account summary deterministically from the data: who the account is and its health,
 * what the main risks are, and what is coming (renewal, expansion). A risk or opportunity below
 * {@link Evidence#FIRM} confidence is worded as a possibility ("signals suggest", "may"), never as fact.
 */
public final class NarrativeWriter {

    private NarrativeWriter() {}

    public static Narrative write(
            AccountFacts facts,
            HealthScore health,
            Integer trendDelta,
            List<Risk> risks,
            List<Opportunity> opportunities) {
        List<Narrative.Sentence> sentences = new ArrayList<>();
        sentences.add(identity(facts, health, trendDelta));
        sentences.add(concerns(health, risks));
        Narrative.Sentence outlook = outlook(facts, opportunities);
        if (outlook != null) {
            sentences.add(outlook);
        }
        return new Narrative(
                String.join(
                        " ", sentences.stream().map(Narrative.Sentence::text).toList()),
                sentences);
    }

    static Narrative.Sentence identity(AccountFacts facts, HealthScore health, Integer trendDelta) {
        StringBuilder text = new StringBuilder(facts.name() == null ? "This account" : facts.name()).append(" is a");
        String tenure = tenure(facts);
        String segment = facts.segment();
        if (tenure != null) {
            text.append(' ').append(tenure);
        }
        if (segment != null) {
            text.append(' ').append(segment);
        }
        text.append(" customer");
        if (facts.arr() != null) {
            text.append(" (").append(money(facts.arr())).append(" ARR)");
        }
        if (health.overall() != null) {
            text.append(" with a health score of ").append(health.overall());
            if (trendDelta != null && trendDelta != 0) {
                text.append(trendDelta < 0 ? ", down " : ", up ")
                        .append(Math.abs(trendDelta))
                        .append(" points over the past month");
            }
        } else {
            text.append("; there is not enough data for a health score yet");
        }
        text.append('.');
        // a vowel after "a" reads "an"
        String sentence = text.toString().replaceFirst(" is a ([aeiouAEIOU8])", " is an $1");
        return new Narrative.Sentence(sentence, "observed", AccountFacts.eventIds(facts.currentSubscription()));
    }

    static Narrative.Sentence concerns(HealthScore health, List<Risk> risks) {
        if (risks.isEmpty()) {
            return new Narrative.Sentence(
                    health.overall() == null
                            ? "No risk signals were detected in the data available."
                            : "No risk signals were detected.",
                    "observed",
                    List.of());
        }
        List<Risk> firm = risks.stream().filter(Risk::firm).limit(2).toList();
        Set<String> evidence = new LinkedHashSet<>();
        String text;
        if (!firm.isEmpty()) {
            firm.forEach(r -> evidence.addAll(r.evidenceEventIds()));
            text = "Main concerns: "
                    + String.join(
                            "; and ",
                            firm.stream().map(r -> lowerFirst(r.signal())).toList()) + ".";
            return new Narrative.Sentence(text, "observed", List.copyOf(evidence));
        }
        Risk tentative = risks.get(0);
        evidence.addAll(tentative.evidenceEventIds());
        text = "Signals suggest a possible " + tentative.type().replace('_', ' ') + " ("
                + lowerFirst(tentative.signal()) + "), though this is not confirmed.";
        return new Narrative.Sentence(text, "inferred", List.copyOf(evidence));
    }

    static Narrative.Sentence outlook(AccountFacts facts, List<Opportunity> opportunities) {
        Long days = facts.daysToRenewal();
        Opportunity expansion = opportunities.stream()
                .filter(Opportunity::expansion)
                .findFirst()
                .orElse(null);
        if ((days == null || days < 0) && expansion == null) {
            return null;
        }
        List<String> evidence = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        if (days != null && days >= 0) {
            text.append("Renewal is in ").append(days).append(days == 1 ? " day" : " days");
            evidence.addAll(AccountFacts.eventIds(facts.currentSubscription()));
        }
        String basis = "observed";
        if (expansion != null) {
            text.append(text.isEmpty() ? "" : ", and ")
                    .append(lowerFirst(expansion.signal()))
                    .append(
                            expansion.confidence() >= Evidence.FIRM
                                    ? " points to an expansion opportunity"
                                    : " may point to an expansion opportunity");
            evidence.addAll(expansion.evidenceEventIds());
            basis = expansion.basis();
        }
        String sentence = text.append('.').toString();
        return new Narrative.Sentence(
                Character.toUpperCase(sentence.charAt(0)) + sentence.substring(1),
                basis,
                evidence.stream().distinct().toList());
    }

    private static String tenure(AccountFacts facts) {
        if (facts.customerSince() == null) {
            return null;
        }
        Period period = Period.between(
                facts.customerSince().atZone(ZoneOffset.UTC).toLocalDate(),
                facts.now().atZone(ZoneOffset.UTC).toLocalDate());
        if (period.getYears() >= 1) {
            return period.getYears() + "-year";
        }
        return Math.max(period.getMonths(), 0) + "-month";
    }

    static String money(double amount) {
        if (amount >= 1_000_000) {
            return String.format(Locale.ROOT, "$%.1fM", amount / 1_000_000);
        }
        if (amount >= 1_000) {
            return String.format(Locale.ROOT, "$%dK", Math.round(amount / 1_000));
        }
        return String.format(Locale.ROOT, "$%d", Math.round(amount));
    }

    private static String lowerFirst(String text) {
        // "P2 ticket …" and names keep their capital; ordinary words lose it mid-sentence
        return text.length() < 2 || !Character.isLowerCase(text.charAt(1))
                ? text
                : Character.toLowerCase(text.charAt(0)) + text.substring(1);
    }
}
