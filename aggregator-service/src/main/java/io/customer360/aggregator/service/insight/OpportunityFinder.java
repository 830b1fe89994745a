package io.customer360.aggregator.service.insight;

import io.customer360.aggregator.config.AggregatorConfig;
import io.customer360.aggregator.domain.insight.Evidence;
import io.customer360.aggregator.domain.insight.Opportunity;
import io.customer360.common.contract.profile.Deal;
import java.util.ArrayList;
import java.util.List;

/**
 * Opportunities from observed data:
 * <ul>
 * <li>{@code expansion}: seat utilization at or above 90 % (configurable); value = 20 % of ARR (a 20 % seat increase at
 * today's price per seat), inferred, confidence 0.7.</li>
 * <li>{@code upsell}: open expansion, upsell or cross-sell deals; value = their amounts, observed.</li>
 * <li>{@code adoption}: entitled features nobody used in 90 days; no value, inferred, confidence 0.6.</li>
 * </ul>
 */
public final class OpportunityFinder {

    static final double EXPANSION_SHARE = 0.2;

    private OpportunityFinder() {}

    public static List<Opportunity> find(AccountFacts facts, AggregatorConfig.Routing routing) {
        List<Opportunity> found = new ArrayList<>();
        Double utilization = facts.seatUtilization();
        if (utilization != null && utilization >= routing.expansionSeatUtilization()) {
            Double arr = facts.arr();
            found.add(Opportunity.of(
                    "expansion",
                    "%d%% seat utilization (%d of %d seats)"
                            .formatted(Math.round(utilization * 100), facts.seatsUsed(), facts.seatsTotal()),
                    arr == null ? null : Math.round(arr * EXPANSION_SHARE * 100) / 100.0,
                    "Propose a seat expansion in the next meeting",
                    Evidence.inferred(0.7),
                    AccountFacts.eventIds(facts.currentSubscription())));
        }
        List<Deal> deals = facts.openExpansionDeals();
        if (!deals.isEmpty()) {
            double value = deals.stream()
                    .mapToDouble(d -> d.amount() == null ? 0 : d.amount().doubleValue())
                    .sum();
            found.add(Opportunity.of(
                    "upsell",
                    "%d open expansion deal(s): %s"
                            .formatted(
                                    deals.size(),
                                    deals.get(0).name() != null
                                            ? deals.get(0).name()
                                            : deals.get(0).id()),
                    value,
                    "Advance the open expansion deal",
                    Evidence.OBSERVED,
                    deals.stream()
                            .flatMap(d -> AccountFacts.eventIds(d).stream())
                            .distinct()
                            .toList()));
        }
        List<String> unused = facts.unusedEntitledFeatures();
        if (!unused.isEmpty() && facts.hasUsage()) {
            found.add(Opportunity.of(
                    "adoption",
                    "Entitled but unused for 90 days: " + String.join(", ", unused),
                    null,
                    "Run an enablement session on the unused features",
                    Evidence.inferred(0.6),
                    AccountFacts.eventIds(facts.currentSubscription())));
        }
        return found;
    }
}
