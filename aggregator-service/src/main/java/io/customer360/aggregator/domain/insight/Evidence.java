package io.customer360.aggregator.domain.insight;

/**
 * How an insight is known: {@code observed} when it restates data crossing a threshold, {@code inferred} when it
 * predicts from proxies; {@code confidence} 0–1. Below {@link #FIRM} an insight is never stated as fact.
 */
public record Evidence(String basis, double confidence) {

    public static final double FIRM = 0.7;
    public static final Evidence OBSERVED = new Evidence("observed", 1.0);

    public static Evidence inferred(double confidence) {
        return new Evidence("inferred", confidence);
    }

    public boolean firm() {
        return confidence >= FIRM;
    }
}
