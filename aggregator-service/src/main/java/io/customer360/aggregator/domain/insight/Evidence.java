package io.customer360.aggregator.domain.insight;

/**
 * How an insight is known: {@code observed} when it restates data crossing a threshold, {@code inferred} when it
 * predicts from proxies; {@code confidence} 0–1. Below {@link #FIRM} an insight is never stated as fact.
 */
public record Evidence(String basis, double confidence) {

    public static final double FIRM = 0.7;
    /** Observed on complete, fresh evidence (tests and fixtures); computed ones come from {@code Confidence}. */
    public static final Evidence OBSERVED = observed(1.0);

    public static Evidence observed(double confidence) {
        return new Evidence("observed", confidence);
    }

    public static Evidence inferred(double confidence) {
        return new Evidence("inferred", confidence);
    }

    public boolean firm() {
        return confidence >= FIRM;
    }
}
