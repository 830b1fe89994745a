package io.customer360.aggregator.service.insight;

import io.customer360.common.contract.profile.DailyActiveUsers;
import io.customer360.common.contract.profile.UsageSection;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Active users from every usage source of the event catalog (docs/view-fields.md#usage): people seen by their
 * {@code user_id} in {@code session}, {@code feature_used} and {@code login} events (profile-service's
 * {@code users}), and the daily active users partners report ({@code active_users}). Windows are UTC days ending
 * today. Two sources of the same window may count the same people, so they are never added: a window's figure is the
 * larger of the two, and a day's figure likewise. A daily report counts the people of one day, so over a longer window
 * it gives only a lower bound: its largest day.
 *
 * @param mau          active users of the 30 days: max(distinct users by id, largest daily report)
 * @param wau          the same over 7 days
 * @param dau          average daily active users over the 7 days, each day max(distinct users by id, its report)
 * @param previousMau  MAU of the 30 days before
 * @param dauWauRatio  dau ÷ wau, 2 decimals; null when wau is 0
 * @param mauTrend     growing (mau above previous × 1.1), declining (below × 0.9), stable; null when both are 0
 * @param powerUsers   users active on at least 12 of the 30 days; null without any user seen by id in 60 days
 * @param atRiskUsers  users active in the 60 days but on none of the last 14; null likewise
 * @param usageDepth   distinct features per active user ÷ the features the account has (used in 90 days or entitled),
 *                     2 decimals, at most 1; null without feature data per user
 */
public record UsageMetrics(
        long mau,
        long wau,
        double dau,
        long previousMau,
        Double dauWauRatio,
        String mauTrend,
        Long powerUsers,
        Long atRiskUsers,
        Double usageDepth) {

    public static UsageMetrics of(UsageSection usage, LocalDate today) {
        UsageSection.Users users = usage.users();
        Map<LocalDate, Integer> reported = new HashMap<>();
        for (DailyActiveUsers report : AccountFacts.listOf(usage.dailyActiveUsers())) {
            Instant day = AccountFacts.instant(report.date());
            if (day != null && report.count() != null) {
                reported.merge(LocalDate.ofInstant(day, ZoneOffset.UTC), report.count(), Math::max);
            }
        }
        Map<LocalDate, Long> seen = new HashMap<>();
        List<UsageSection.DailyUsers> daily = users == null ? List.of() : AccountFacts.listOf(users.daily());
        for (UsageSection.DailyUsers day : daily) {
            try {
                seen.merge(LocalDate.parse(day.date()), day.users(), Math::max);
            } catch (java.time.format.DateTimeParseException e) {
                // a day profile-service could not name is left out
            }
        }
        long mau = Math.max(users == null ? 0 : users.last30Days(), largestReport(reported, today, 0, 29));
        long wau = Math.max(users == null ? 0 : users.last7Days(), largestReport(reported, today, 0, 6));
        long previousMau = Math.max(users == null ? 0 : users.previous30Days(), largestReport(reported, today, 30, 59));
        long dayTotal = 0;
        for (int back = 0; back < 7; back++) {
            LocalDate day = today.minusDays(back);
            dayTotal += Math.max(seen.getOrDefault(day, 0L), reported.getOrDefault(day, 0));
        }
        double dau = dayTotal / 7.0;
        boolean people = users != null && users.last30Days() + users.previous30Days() > 0;
        return new UsageMetrics(
                mau,
                wau,
                dau,
                previousMau,
                wau == 0 ? null : round(dau / wau),
                trend(mau, previousMau),
                people ? users.powerUsers() : null,
                people ? users.atRiskUsers() : null,
                depth(usage, users));
    }

    static String trend(long current, long previous) {
        if (current == 0 && previous == 0) {
            return null;
        }
        if (current > previous * 1.1) {
            return "growing";
        }
        return current < previous * 0.9 ? "declining" : "stable";
    }

    private static Double depth(UsageSection usage, UsageSection.Users users) {
        if (users == null || users.featuresPerUser() == null) {
            return null;
        }
        int available = AccountFacts.listOf(usage.features()).size()
                + AccountFacts.listOf(usage.unusedEntitledFeatures()).size();
        return available == 0 ? null : round(Math.min(1, users.featuresPerUser().doubleValue() / available));
    }

    /** The largest report of the days {@code from}..{@code to} days before today, or 0. */
    private static long largestReport(Map<LocalDate, Integer> reported, LocalDate today, int from, int to) {
        long largest = 0;
        for (int back = from; back <= to; back++) {
            largest = Math.max(largest, reported.getOrDefault(today.minusDays(back), 0));
        }
        return largest;
    }

    private static double round(double value) {
        return Math.round(100 * value) / 100.0;
    }
}
