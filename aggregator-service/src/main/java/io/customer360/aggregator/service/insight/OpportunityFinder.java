package io.customer360.aggregator.service.insight;

import io.customer360.aggregator.config.AggregatorConfig;
import io.customer360.aggregator.domain.insight.Evidence;
import io.customer360.aggregator.domain.insight.Opportunity;
import io.customer360.common.contract.profile.Deal;
import io.customer360.common.contract.profile.SalesSection;
import io.customer360.common.contract.profile.Subscription;
import io.customer360.common.contract.profile.UsageSection;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Opportunities from observed data (docs/view-fields.md#opportunities):
 * <ul>
 * <li>{@code expansion}: seat utilization at or above 90 % (configurable), or users waiting for seats (monthly active
 * users beyond the seats). Demand = the larger of seats used and monthly active users; seats needed = the seats that
 * bring the demand back below the threshold, ⌊demand ÷ threshold⌋ + 1 − seats; price per seat = ARR (as billed, else
 * 12 × MRR) ÷ seats; value = price per seat × seats needed (null without ARR). Inferred, {@link Confidence} strength
 * 0.5 at the threshold to 1 at full seats (demand ÷ seats), recency of the seat count against 30 days.</li>
 * <li>{@code upsell}: open expansion, upsell or cross-sell deals; value = their amounts, observed.</li>
 * <li>{@code api_upsell}: API calls a month (the {@code api} feature's uses of 90 days ÷ 3) above the plan's
 * {@code apiCallsIncluded}; no value (no price of API capacity reaches the mesh), observed.</li>
 * <li>{@code feature_upsell}: features the customer asked for ({@code feature_requested}, 365 days) that the plan's
 * features do not include; no value, observed.</li>
 * <li>{@code adoption}: entitled features nobody used in 90 days; no value, inferred, {@link Confidence} strength
 * 0.5 + 0.5 × the share of entitled features unused.</li>
 * </ul>
 * Each carries the figures it rests on in {@code evidence}.
 */
public final class OpportunityFinder {

    /** The feature name under which {@code feature_used} reports API calls (its {@code count}). */
    static final String API_FEATURE = "api";

    private OpportunityFinder() {}

    public static List<Opportunity> find(AccountFacts facts, AggregatorConfig.Routing routing) {
        List<Opportunity> found = new ArrayList<>();
        expansion(facts, routing, found);
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
        apiUpsell(facts, found);
        featureUpsell(facts, found);
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

    static void expansion(AccountFacts facts, AggregatorConfig.Routing routing, List<Opportunity> found) {
        Integer seats = facts.seatsTotal();
        if (seats == null || seats <= 0) {
            return;
        }
        Integer used = facts.seatsUsed();
        Long mau = facts.monthlyActiveUsers();
        long demand = Math.max(used == null ? 0 : used, mau == null ? 0 : mau);
        long waiting = mau == null ? 0 : Math.max(0, mau - seats);
        double threshold = routing.expansionSeatUtilization();
        Double utilization = facts.seatUtilization();
        boolean crowded = utilization != null && utilization >= threshold;
        if (!crowded && waiting == 0) {
            return;
        }
        // the seats that bring the demand back below the threshold (exact decimals: 45 ÷ 0.9 is 50, not 49.999…)
        long needed = Math.max(
                1,
                BigDecimal.valueOf(demand)
                                .divide(BigDecimal.valueOf(threshold), 0, RoundingMode.FLOOR)
                                .longValue()
                        + 1
                        - seats);
        Double arr = facts.arr();
        Double perSeat = arr == null ? null : Math.round(100 * arr / seats) / 100.0;
        Double value = perSeat == null ? null : Math.round(100 * arr / seats * needed) / 100.0;
        Map<String, Number> figures = new LinkedHashMap<>();
        figures.put("seats", seats);
        figures.put("seatsUsed", used);
        figures.put("monthlyActiveUsers", mau);
        figures.put("usersWaitingForSeats", waiting);
        figures.put("seatsNeeded", needed);
        figures.put("pricePerSeat", perSeat);
        figures.values().removeIf(java.util.Objects::isNull);
        StringBuilder signal = new StringBuilder();
        if (utilization != null) {
            signal.append(
                    "%d%% seat utilization (%d of %d seats)".formatted(Math.round(utilization * 100), used, seats));
        }
        if (waiting > 0) {
            signal.append(signal.isEmpty() ? "" : ", ")
                    .append("%d user(s) waiting for seats (%d active of %d seats)".formatted(waiting, mau, seats));
        }
        found.add(Opportunity.of(
                "expansion",
                signal.toString(),
                value,
                perSeat == null
                        ? "Propose %d more seat(s) in the next meeting".formatted(needed)
                        : "Propose %d more seat(s) at %s a seat in the next meeting".formatted(needed, money(perSeat)),
                // 0.5 at the utilization threshold, 1 at full seats; the seat count's age against 30 days
                Evidence.inferred(Confidence.of(
                        Confidence.strength((double) demand / seats, threshold, 1.0),
                        Confidence.recency(seatsAgeDays(facts), 30),
                        facts)),
                AccountFacts.eventIds(facts.currentSubscription()),
                figures));
    }

    /** The plan's monthly API calls, or null when the subscription does not say. */
    static Integer apiCallsIncluded(AccountFacts facts) {
        Subscription subscription = facts.currentSubscription();
        Integer included = subscription == null ? null : subscription.apiCallsIncluded();
        return included == null || included <= 0 ? null : included;
    }

    /** API calls a month: the {@code api} feature's uses of the last 90 days ÷ 3, whole; null when none reported. */
    static Long apiCallsPerMonth(AccountFacts facts) {
        return facts.features().stream()
                .filter(f -> f.feature() != null && f.feature().equalsIgnoreCase(API_FEATURE))
                .map(UsageSection.FeatureUse::usesLast90Days)
                .filter(java.util.Objects::nonNull)
                .findFirst()
                .map(uses -> uses.divide(BigDecimal.valueOf(3), 0, RoundingMode.HALF_UP)
                        .longValue())
                .orElse(null);
    }

    /** Whether API use is beyond the plan ({@code api_upsell}). */
    public static boolean apiCallsBeyondPlan(AccountFacts facts) {
        Integer included = apiCallsIncluded(facts);
        Long perMonth = apiCallsPerMonth(facts);
        return included != null && perMonth != null && perMonth > included;
    }

    /** Features asked for that the plan's features do not include, most asked first; none when the plan's are unknown. */
    public static List<SalesSection.FeatureRequest> featuresNotInPlan(AccountFacts facts) {
        Subscription subscription = facts.currentSubscription();
        if (subscription == null || subscription.features() == null) {
            return List.of(); // without the plan's features nothing is known to be missing from it
        }
        Set<String> entitled = subscription.features().stream()
                .map(OpportunityFinder::featureKey)
                .collect(java.util.stream.Collectors.toSet());
        return facts.featureRequests().stream()
                .filter(r -> r.feature() != null && !entitled.contains(featureKey(r.feature())))
                .toList();
    }

    static void apiUpsell(AccountFacts facts, List<Opportunity> found) {
        if (!apiCallsBeyondPlan(facts)) {
            return;
        }
        Subscription subscription = facts.currentSubscription();
        int included = apiCallsIncluded(facts);
        long perMonth = apiCallsPerMonth(facts);
        long percent = Math.round(100.0 * perMonth / included);
        Map<String, Number> figures = new LinkedHashMap<>();
        figures.put("apiCallsPerMonth", perMonth);
        figures.put("apiCallsIncluded", included);
        figures.put("percentOfPlan", percent);
        found.add(Opportunity.of(
                "api_upsell",
                String.format(
                        Locale.ROOT,
                        "API use beyond the plan: %,d calls a month (90-day average) against %,d included (%d%%)",
                        perMonth,
                        included,
                        percent),
                null,
                "Offer a plan or add-on with more API capacity",
                Evidence.observed(Confidence.of(1, 1, facts)),
                AccountFacts.eventIds(subscription),
                figures));
    }

    static void featureUpsell(AccountFacts facts, List<Opportunity> found) {
        List<SalesSection.FeatureRequest> missing = featuresNotInPlan(facts);
        if (missing.isEmpty()) {
            return;
        }
        long requests = missing.stream()
                .mapToLong(SalesSection.FeatureRequest::requests)
                .sum();
        Map<String, Number> figures = new LinkedHashMap<>();
        figures.put("featuresRequested", missing.size());
        figures.put("requests", requests);
        found.add(Opportunity.of(
                "feature_upsell",
                "Asked for but not in the plan: "
                        + missing.stream()
                                .map(r -> "%s (%d request%s)"
                                        .formatted(r.feature(), r.requests(), r.requests() == 1 ? "" : "s"))
                                .collect(java.util.stream.Collectors.joining(", ")),
                null,
                "Present the plan or add-on that includes " + missing.get(0).feature(),
                Evidence.observed(Confidence.of(1, 1, facts)),
                missing.stream()
                        .flatMap(r -> AccountFacts.listOf(r.eventIds()).stream())
                        .distinct()
                        .toList(),
                figures));
    }

    /** A feature name as a plan and a request may spell it: case, spaces, hyphens and underscores aside. */
    static String featureKey(String feature) {
        return feature.strip().toLowerCase(Locale.ROOT).replaceAll("[\\s_-]+", "_");
    }

    private static String money(double amount) {
        return amount == Math.rint(amount)
                ? String.format(Locale.ROOT, "%,d", (long) amount)
                : String.format(Locale.ROOT, "%,.2f", amount);
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
