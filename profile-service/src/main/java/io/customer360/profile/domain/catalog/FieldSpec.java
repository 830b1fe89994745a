package io.customer360.profile.domain.catalog;

import java.util.List;

/**
 * A read-model field: its name, its type, and the partner's {@code data} keys it is read from, first match wins.
 * A field {@code bySource} is one that several systems report and may disagree on (ARR from billing and from the
 * CRM): besides the newest value, the store keeps the newest value of each source, so the disagreement stays visible.
 */
public record FieldSpec(String name, FieldType type, List<String> keys, boolean bySource) {

    public static FieldSpec field(String name, FieldType type, String... keys) {
        return new FieldSpec(name, type, keys.length == 0 ? List.of(name) : List.of(keys), false);
    }

    /** The same field, with each source's value kept as well. */
    public FieldSpec perSource() {
        return new FieldSpec(name, type, keys, true);
    }
}
