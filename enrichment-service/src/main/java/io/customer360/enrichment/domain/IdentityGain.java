package io.customer360.enrichment.domain;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/** Which of a customer's current identity values its stored enrichment was not made from. */
public final class IdentityGain {

    private IdentityGain() {}

    /**
     * @param current the customer's values now, by kind (a kind without a value is absent)
     * @param known   the values enrichment has enriched this customer from, by kind
     * @return the kinds whose current value is new; a value that was removed is no gain
     */
    public static Set<IdentityKind> gained(Map<IdentityKind, String> current, Map<IdentityKind, Set<String>> known) {
        Set<IdentityKind> gained = EnumSet.noneOf(IdentityKind.class);
        current.forEach((kind, value) -> {
            if (!known.getOrDefault(kind, Set.of()).contains(value)) {
                gained.add(kind);
            }
        });
        return gained;
    }
}
