package io.customer360.aggregator.service.insight;

import static io.customer360.aggregator.service.insight.FactsBuilder.account;
import static org.assertj.core.api.Assertions.assertThat;

import io.customer360.aggregator.domain.insight.Dimension;
import io.customer360.common.contract.profile.DailyActiveUsers;
import io.customer360.common.contract.profile.UsageSection;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** MAU/WAU/DAU from every usage source, combined by window (docs/view-fields.md#usage), hand-computed. */
class UsageMetricsTest {

    private static final LocalDate TODAY = LocalDate.parse("2026-06-15");

    private static DailyActiveUsers report(int daysAgo, int count) {
        return new DailyActiveUsers(
                "d" + daysAgo, count, TODAY.minusDays(daysAgo).toString(), "2026-01-01T00:00:00Z", "x", List.of());
    }

    private static UsageSection usage(
            UsageSection.Users users, List<DailyActiveUsers> reports, int featuresUsed, int unused) {
        List<UsageSection.FeatureUse> features = new ArrayList<>();
        for (int i = 0; i < featuresUsed; i++) {
            features.add(new UsageSection.FeatureUse("f" + i, BigDecimal.ONE, 1, null));
        }
        List<String> entitled = new ArrayList<>();
        for (int i = 0; i < unused; i++) {
            entitled.add("u" + i);
        }
        return new UsageSection(0, 0, null, null, 0, null, null, features, entitled, reports, users, "c1");
    }

    @Test
    void anAccountThatOnlyReportsDailyActiveUsersHasThemAsItsMau() {
        // 245 a day this week, 200 a day the 23 days before, 250 a day the 30 days before those; no sessions, no ids
        List<DailyActiveUsers> reports = new ArrayList<>();
        for (int back = 0; back < 60; back++) {
            reports.add(report(back, back < 7 ? 245 : back < 30 ? 200 : 250));
        }
        UsageMetrics metrics = UsageMetrics.of(usage(null, reports, 0, 0), TODAY);
        // a report counts one day's people: over 30 days its largest day is a lower bound, never a sum
        assertThat(metrics.mau()).isEqualTo(245);
        assertThat(metrics.wau()).isEqualTo(245);
        assertThat(metrics.dau()).isEqualTo(245.0);
        assertThat(metrics.dauWauRatio()).isEqualTo(1.0);
        assertThat(metrics.previousMau()).isEqualTo(250);
        // 245 against 250: within ±10 %
        assertThat(metrics.mauTrend()).isEqualTo("stable");
        // nobody seen by id: not measurable
        assertThat(metrics.powerUsers()).isNull();
        assertThat(metrics.atRiskUsers()).isNull();
        assertThat(metrics.usageDepth()).isNull();
    }

    @Test
    void peopleByIdAndReportsCombineByTheLargerPerWindowAndPerDay() {
        UsageSection.Users users = new UsageSection.Users(
                10,
                40,
                30,
                5,
                3,
                new BigDecimal("1.50"),
                List.of(
                        new UsageSection.DailyUsers(TODAY.toString(), 6),
                        new UsageSection.DailyUsers(TODAY.minusDays(1).toString(), 8),
                        new UsageSection.DailyUsers(TODAY.minusDays(3).toString(), 4),
                        new UsageSection.DailyUsers(TODAY.minusDays(12).toString(), 30)));
        UsageMetrics metrics = UsageMetrics.of(usage(users, List.of(report(1, 12), report(10, 50)), 3, 2), TODAY);
        // 30 days: max(40 by id, largest report 50)
        assertThat(metrics.mau()).isEqualTo(50);
        // 7 days: max(10 by id, 12 reported yesterday)
        assertThat(metrics.wau()).isEqualTo(12);
        // days: today 6, yesterday max(8, 12) = 12, 3 days ago 4, others 0 → 22 / 7
        assertThat(metrics.dau()).isEqualTo(22 / 7.0);
        // 3.142857 / 12 = 0.2619
        assertThat(metrics.dauWauRatio()).isEqualTo(0.26);
        assertThat(metrics.previousMau()).isEqualTo(30);
        // 50 > 30 × 1.1
        assertThat(metrics.mauTrend()).isEqualTo("growing");
        assertThat(metrics.powerUsers()).isEqualTo(5);
        assertThat(metrics.atRiskUsers()).isEqualTo(3);
        // 1.5 features per active user of 3 used + 2 entitled unused
        assertThat(metrics.usageDepth()).isEqualTo(0.3);
    }

    @Test
    void mauTrendIsTheTrendOfMauNotOfSessions() {
        UsageSection.Users fewer = new UsageSection.Users(2, 8, 10, 0, 4, null, List.of());
        // sessions grew (they are not read), people fell from 10 to 8: below 10 × 0.9
        UsageSection usage =
                new UsageSection(50, 10, "up", null, 8, null, null, List.of(), List.of(), List.of(), fewer, "c1");
        assertThat(UsageMetrics.of(usage, TODAY).mauTrend()).isEqualTo("declining");
        UsageSection.Users none = new UsageSection.Users(0, 0, 0, 0, 0, null, List.of());
        assertThat(UsageMetrics.of(usage(none, List.of(), 0, 0), TODAY).mauTrend())
                .isNull();
        assertThat(UsageMetrics.of(usage(none, List.of(), 0, 0), TODAY).dauWauRatio())
                .isNull();
    }

    @Test
    void usageDataIsAsFreshAsItsNewestSource() {
        // no session: the newest reported day (2 days before 2026-06-15), at its start
        AccountFacts reports = account().dailyReports(2, 5, 100).build();
        assertThat(reports.lastUsageAt()).isEqualTo(java.time.Instant.parse("2026-06-13T00:00:00Z"));
        assertThat(account().build().lastUsageAt()).isNull();
    }

    @Test
    void theUsageScoreFollowsTheMauOfEverySource() {
        // 245 reported every day of 30, 250 seats, no sessions and no features: activation 245/250 = 0.98,
        // breadth 0/5 = 0, stickiness (245 / 245) / 0.5 capped at 1 → mean 0.66 → 66 (with mau 0 it was 0)
        AccountFacts facts = account()
                .subscription(250, 245, 180000.0, null, "active")
                .dailyReports(0, 29, 245)
                .build();
        assertThat(facts.monthlyActiveUsers()).isEqualTo(245);
        assertThat(HealthScorer.score(facts).dimensions().get(Dimension.USAGE)).isEqualTo(66);
    }
}
