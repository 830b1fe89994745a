package io.customer360.enrichment.domain;

import java.util.Locale;

/** The kinds of enrichment the seed names; each has its own waterfall and tier gate. */
public enum DataType {
    PERSON,
    BUSINESS,
    SOCIAL,
    PROPERTY;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static DataType fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
