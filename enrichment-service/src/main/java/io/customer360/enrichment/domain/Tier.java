package io.customer360.enrichment.domain;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The seed's tiers: monthly enrichments (null = unlimited) and the data types each may see. Free gets person and
 * business, pro adds social and property, enterprise adds always-fresh data (its cache TTL is zero).
 */
public enum Tier {
    FREE(50, EnumSet.of(DataType.PERSON, DataType.BUSINESS)),
    PRO(500, EnumSet.allOf(DataType.class)),
    ENTERPRISE(null, EnumSet.allOf(DataType.class));

    private final Integer monthlyLimit;
    private final Set<DataType> dataTypes;

    Tier(Integer monthlyLimit, Set<DataType> dataTypes) {
        this.monthlyLimit = monthlyLimit;
        this.dataTypes = dataTypes;
    }

    /** Enrichments per month, or null for unlimited. */
    public Integer monthlyLimit() {
        return monthlyLimit;
    }

    public Set<DataType> dataTypes() {
        return dataTypes;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Tier> fromWire(String value) {
        for (Tier tier : values()) {
            if (tier.wireName().equals(value)) {
                return Optional.of(tier);
            }
        }
        return Optional.empty();
    }
}
