package io.customer360.aggregator.service.insight;

/**
 * How sure an insight is, 0–1, computed from its evidence (docs/view-fields.md#confidence):
 *
 * <pre>confidence = strength × recency × completeness</pre>
 *
 * rounded to 2 decimals, each factor 0.5–1:
 * <ul>
 * <li><b>strength</b> — how far the signal passed its threshold: an observed fact (the data itself crossing a
 * threshold: sessions fell, an invoice is overdue) is 1; an inferred signal is 0.5 at its threshold, rising linearly to
 * 1 at its saturation point ({@link #strength}).</li>
 * <li><b>recency</b> — the age of the newest evidence against its freshness window: 1 within the window, falling linearly
 * to 0.5 at four windows, 0.5 beyond or when its time is unknown ({@link #recency}). A signal of absence ("no activity for
 * 40 days") is measured now: recency 1.</li>
 * <li><b>completeness</b> — 0.5 + 0.5 × the share of the five inputs the insights read that answered (profile,
 * subscription, support, engagement, usage; {@link AccountFacts#inputsAnswered()}).</li>
 * </ul>
 * Below {@link io.customer360.aggregator.domain.insight.Evidence#FIRM} (0.7) an insight is worded as a possibility.
 */
public final class Confidence {

    /** Each factor's floor: weak or old evidence halves a factor, never zeroes it. */
    static final double FLOOR = 0.5;

    private Confidence() {}

    /** strength × recency × completeness, 2 decimals. */
    public static double of(double strength, double recency, double completeness) {
        return Math.round(100 * clamp(strength) * clamp(recency) * clamp(completeness)) / 100.0;
    }

    /** An insight from {@code facts} with the given strength and recency. */
    public static double of(double strength, double recency, AccountFacts facts) {
        return of(strength, recency, completeness(facts));
    }

    /**
     * 0.5 at {@code threshold}, 1 at {@code saturation} and beyond, linear between ({@code value} past the threshold in
     * either direction: a decline passes a negative threshold by going lower).
     */
    public static double strength(double value, double threshold, double saturation) {
        if (saturation == threshold) {
            return 1;
        }
        double passed = (value - threshold) / (saturation - threshold);
        return clamp(FLOOR + (1 - FLOOR) * passed);
    }

    /** 1 while {@code ageDays} ≤ {@code windowDays}, 0.5 at four windows and beyond; 0.5 when the age is unknown. */
    public static double recency(Double ageDays, double windowDays) {
        if (ageDays == null) {
            return FLOOR;
        }
        if (ageDays <= windowDays) {
            return 1;
        }
        return clamp(1 - (1 - FLOOR) * (ageDays - windowDays) / (3 * windowDays));
    }

    /** 0.5 + 0.5 × the share of the five inputs that answered. */
    public static double completeness(AccountFacts facts) {
        return FLOOR + (1 - FLOOR) * facts.inputsAnswered() / AccountFacts.EVIDENCE_INPUTS;
    }

    private static double clamp(double factor) {
        return Math.max(FLOOR, Math.min(1, factor));
    }
}
