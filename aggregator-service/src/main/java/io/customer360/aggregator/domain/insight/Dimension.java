package io.customer360.aggregator.domain.insight;

/** The five health dimensions with the seed's weights (Phase 2: usage 30, engagement 25, support 20, commercial 15, outcome 10). */
public enum Dimension {
    USAGE("usage", 30),
    ENGAGEMENT("engagement", 25),
    SUPPORT("support", 20),
    COMMERCIAL("commercial", 15),
    OUTCOME("outcome", 10);

    private final String key;
    private final int weight;

    Dimension(String key, int weight) {
        this.key = key;
        this.weight = weight;
    }

    public String key() {
        return key;
    }

    public int weight() {
        return weight;
    }
}
