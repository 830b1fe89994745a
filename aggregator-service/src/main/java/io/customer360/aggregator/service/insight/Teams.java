package io.customer360.aggregator.service.insight;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** The teams an owner names: "Support + CSM" → {support, csm}. Agent scopes are sets of these names. */
final class Teams {

    private Teams() {}

    static Set<String> of(String owner) {
        return Arrays.stream(owner.split("\\+"))
                .map(t -> t.trim().toLowerCase(Locale.ROOT))
                .collect(Collectors.toSet());
    }
}
