package io.customer360.profile.catalog;

import java.util.List;

/** A read-model field: its name, its type, and the partner's {@code data} keys it is read from, first match wins. */
public record FieldSpec(String name, FieldType type, List<String> keys) {

    public static FieldSpec field(String name, FieldType type, String... keys) {
        return new FieldSpec(name, type, keys.length == 0 ? List.of(name) : List.of(keys));
    }
}
