package io.customer360.aggregator.domain;

import java.math.BigDecimal;
import java.time.LocalDate;

/** The seed's {@code accountProfile} section; values the sources do not know are null. */
public record AccountProfile(
        String name,
        String segment,
        String industry,
        BigDecimal arr,
        LocalDate customerSince,
        String csm,
        String ae,
        LocalDate contractEnd) {
}
