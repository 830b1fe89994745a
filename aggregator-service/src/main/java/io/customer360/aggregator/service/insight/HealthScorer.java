package io.customer360.aggregator.service.insight;

import io.customer360.aggregator.domain.insight.Dimension;
import io.customer360.aggregator.domain.insight.HealthScore;
import io.customer360.common.contract.profile.Milestone;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The health score of the seed (Phase 2), from observed signals only. Each dimension is the mean of the components
 * it has data for, each 0–1, times 100:
 * <ul>
 * <li><b>usage</b> — activation = monthly active users ÷ seats (capped at 1); breadth = features used in 90 days ÷
 * (used + unused entitled ones), or used ÷ 5 without entitlements; stickiness = (average daily active users ÷
 * monthly active users) ÷ 0.5, capped at 1, for an account that reports daily active users; momentum = 1 + session change ÷ 50 % for a decline (−50 % or worse → 0),
 * 1 otherwise. Active users come from every usage source ({@link UsageMetrics}: people by id from sessions, feature
 * uses and logins, and reported daily active users, the larger of the two per window). Data: the seed's usage data
 * ({@link AccountFacts#hasUsageData()}).</li>
 * <li><b>engagement</b> — recency of the last meeting or CSM touchpoint (≤ 14 days → 1, ≥ 60 days → 0, linear);
 * cadence = meetings in 90 days ÷ 3 (monthly), capped at 1; NPS = latest score ÷ 10. Data: any meeting, touchpoint
 * or NPS answer.</li>
 * <li><b>support</b> — severity = 1 − (0.25 × open P1 + 0.15 × open P2 + 0.05 × open P3 + 0.02 × open P4), floored at
 * 0; resolution = average hours to resolve (≤ 24 h → 1, ≥ 120 h → 0, linear); CSAT = (average − 1) ÷ 4. Data: any
 * ticket.</li>
 * <li><b>commercial</b> — invoices = 1 − 0.5 × overdue invoices (floored at 0); payments = 1 − failed payments in 90
 * days ÷ 3 (floored at 0); status = 0 cancelled, 0.5 past due, else 1. Data: a subscription or an invoice.</li>
 * <li><b>outcome</b> — progress = completed milestones ÷ milestones, minus 0.2 per milestone at risk (floored at 0).
 * Data: any success-plan milestone.</li>
 * </ul>
 * The overall score is Σ weight × score ÷ Σ weight over the dimensions with data; completeness is that Σ weight ÷ 100.
 */
public final class HealthScorer {

    private HealthScorer() {}

    public static HealthScore score(AccountFacts facts) {
        Map<Dimension, Integer> scores = new EnumMap<>(Dimension.class);
        scores.put(Dimension.USAGE, usage(facts));
        scores.put(Dimension.ENGAGEMENT, engagement(facts));
        scores.put(Dimension.SUPPORT, support(facts));
        scores.put(Dimension.COMMERCIAL, commercial(facts));
        scores.put(Dimension.OUTCOME, outcome(facts));
        double weighted = 0;
        int weights = 0;
        for (Map.Entry<Dimension, Integer> entry : scores.entrySet()) {
            if (entry.getValue() != null) {
                weighted += entry.getKey().weight() * entry.getValue();
                weights += entry.getKey().weight();
            }
        }
        Integer overall = weights == 0 ? null : (int) Math.round(weighted / weights);
        return new HealthScore(overall, scores, weights / 100.0);
    }

    static Integer usage(AccountFacts facts) {
        if (!facts.hasUsageData()) {
            return null;
        }
        List<Double> parts = new ArrayList<>();
        Long mau = facts.monthlyActiveUsers();
        Integer seats = facts.seatsTotal();
        if (mau != null && seats != null && seats > 0) {
            parts.add(Math.min(1, (double) mau / seats));
        }
        int used = facts.features().size();
        int unused = facts.unusedEntitledFeatures().size();
        parts.add(unused > 0 ? (double) used / (used + unused) : Math.min(1, used / 5.0));
        // stickiness where the account reports daily active users (people by id alone seldom span every day)
        Double dau = facts.averageDailyActiveUsers();
        if (facts.reportsDailyActiveUsers() && dau != null && mau != null && mau > 0) {
            parts.add(Math.min(1, dau / mau / 0.5));
        }
        Double change = facts.sessionChangePercent();
        if (change != null) {
            parts.add(change >= 0 ? 1 : Math.max(0, 1 + change / 50));
        }
        return percent(parts);
    }

    static Integer engagement(AccountFacts facts) {
        List<Double> parts = new ArrayList<>();
        Long days = facts.daysSince(facts.lastContactAt());
        if (days != null) {
            parts.add(linear(days, 14, 60));
            parts.add(Math.min(1, facts.meetingsLast90Days() / 3.0));
        }
        Double nps = facts.npsLatest();
        if (nps != null) {
            parts.add(Math.max(0, Math.min(1, nps / 10)));
        }
        return parts.isEmpty() ? null : percent(parts);
    }

    static Integer support(AccountFacts facts) {
        if (facts.totalTickets() == 0) {
            return null;
        }
        List<Double> parts = new ArrayList<>();
        parts.add(Math.max(
                0,
                1
                        - (0.25 * facts.openTickets("P1")
                                + 0.15 * facts.openTickets("P2")
                                + 0.05 * facts.openTickets("P3")
                                + 0.02 * facts.openTickets("P4"))));
        Double hours = facts.averageResolutionHours();
        if (hours != null) {
            parts.add(linear(hours, 24, 120));
        }
        Double csat = facts.csat();
        if (csat != null) {
            parts.add(Math.max(0, Math.min(1, (csat - 1) / 4)));
        }
        return percent(parts);
    }

    static Integer commercial(AccountFacts facts) {
        boolean subscription = facts.currentSubscription() != null;
        if (!subscription && facts.recentInvoices().isEmpty()) {
            return null;
        }
        List<Double> parts = new ArrayList<>();
        parts.add(Math.max(0, 1 - 0.5 * facts.overdueInvoices()));
        parts.add(Math.max(0, 1 - facts.failedPaymentsLast90Days() / 3.0));
        if (subscription) {
            String status = facts.subscriptionStatus();
            parts.add("cancelled".equals(status) ? 0 : "past_due".equals(status) ? 0.5 : 1);
        }
        return percent(parts);
    }

    static Integer outcome(AccountFacts facts) {
        List<Milestone> milestones = facts.milestones();
        if (milestones.isEmpty()) {
            return null;
        }
        long completed =
                milestones.stream().filter(m -> "completed".equals(m.status())).count();
        long atRisk =
                milestones.stream().filter(m -> "at_risk".equals(m.status())).count();
        return percent(List.of(Math.max(0, (double) completed / milestones.size() - 0.2 * atRisk)));
    }

    /** 1 at or below {@code best}, 0 at or above {@code worst}, linear between. */
    static double linear(double value, double best, double worst) {
        if (value <= best) {
            return 1;
        }
        return value >= worst ? 0 : (worst - value) / (worst - best);
    }

    private static int percent(List<Double> parts) {
        return (int) Math.round(
                100 * parts.stream().mapToDouble(Double::doubleValue).average().orElse(0));
    }
}
