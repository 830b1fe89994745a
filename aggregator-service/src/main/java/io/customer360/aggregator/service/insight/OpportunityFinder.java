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
 * today's price per seat), inferred, {@link Confidence} strength 0.5 at the threshold to 1 at full seats, recency of the
 * seat count against 30 days.</li>
 * <li>{@code upsell}: open expansion, upsell or cross-sell deals; value = their amounts, observed.</li>
 * <li>{@code adoption}: entitled features nobody used in 90 days; no value, inferred, {@link Confidence} strength
 * 0.5 + 0.5 × the share of entitled features unused.</li>
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
                    // 0.5 at the utilization threshold, 1 at full seats; the seat count's age against 30 days
                    Evidence.inferred(Confidence.of(
                            Confidence.strength(utilization, routing.expansionSeatUtilization(), 1.0),
                            Confidence.recency(seatsAgeDays(facts), 30),
                            facts)),
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
                    Evidence.observed(Confidence.of(1, 1, facts)),
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
                    // 0.5 + 0.5 × the share of entitled features unused; absence is measured now
                    Evidence.inferred(Confidence.of(
                            Confidence.strength(
                                    (double) unused.size()
                                            / (unused.size() + facts.features().size()),
                                    0,
                                    1),
                            1,
                            facts)),
                    AccountFacts.eventIds(facts.currentSubscription())));
        }
        return found;
    }

    /** Days since the subscription (its seat counts) last changed, or null. */
    private static Double seatsAgeDays(AccountFacts facts) {
        Long days = facts.currentSubscription() == null
                ? null
                : facts.daysSince(
                        AccountFacts.instant(facts.currentSubscription().lastChangedAt()));
        return days == null ? null : days.doubleValue();
    }
}
