package io.customer360.enrichment.domain;

import java.math.BigDecimal;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The seed's tiers: monthly enrichments (null = unlimited), the monthly price ($0, $49, $199) and the data types each
 * may see. Free gets person and business, pro adds social and property, enterprise adds always-fresh data (its cache
 * TTL is zero).
 */
public enum Tier {
    FREE(50, "0", EnumSet.of(DataType.PERSON, DataType.BUSINESS)),
    PRO(500, "49", EnumSet.allOf(DataType.class)),
    ENTERPRISE(null, "199", EnumSet.allOf(DataType.class));

    /** The currency of {@link #monthlyPrice()}. */
    public static final String CURRENCY = "USD";

    private final Integer monthlyLimit;
    private final BigDecimal monthlyPrice;
    private final Set<DataType> dataTypes;

    Tier(Integer monthlyLimit, String monthlyPrice, Set<DataType> dataTypes) {
        this.monthlyLimit = monthlyLimit;
        this.monthlyPrice = new BigDecimal(monthlyPrice);
        this.dataTypes = dataTypes;
    }

    /** What the tier costs a month, in {@link #CURRENCY}. */
    public BigDecimal monthlyPrice() {
        return monthlyPrice;
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
