package io.customer360.aggregator.service.insight;

import static io.customer360.aggregator.service.insight.FactsBuilder.account;
import static org.assertj.core.api.Assertions.assertThat;

import io.customer360.aggregator.domain.insight.Dimension;
import io.customer360.aggregator.domain.insight.HealthScore;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every dimension formula, by table: the facts, then the expected score (null: the dimension has no data). */
class HealthScorerTest {

    record Case(String name, UnaryOperator<FactsBuilder> facts, Dimension dimension, Integer expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                        // usage: mean of activation (MAU/seats), breadth (used/(used+unused)), stickiness
                        // ((DAU/MAU)/0.5), momentum
                        new Case("usage without data", f -> f, Dimension.USAGE, null),
                        new Case(
                                "usage: 40 of 50 seats, 3 of 4 features, DAU/MAU 0.25, no earlier sessions",
                                f -> f.subscription(50, 50, null, null, "active")
                                        .activeUsers(40, 10.0)
                                        .features(3, 1)
                                        .sessions(20, 0),
                                Dimension.USAGE,
                                68), // (0.8 + 0.75 + 0.5) / 3
                        new Case(
                                "usage: steady sessions count as momentum 1",
                                f -> f.features(5, 0).sessions(10, 10),
                                Dimension.USAGE,
                                100),
                        new Case(
                                "usage: sessions down 25 % → momentum 0.5",
                                f -> f.features(5, 0).sessions(30, 40), Dimension.USAGE, 75),
                        new Case(
                                "usage: down 50 % or more → momentum 0",
                                f -> f.features(5, 0).sessions(5, 10), Dimension.USAGE, 50),
                        new Case(
                                "usage: breadth without entitlements is used/5",
                                f -> f.features(2, 0).sessions(1, 1),
                                Dimension.USAGE,
                                70),
                        // engagement: recency (≤14 d → 1, ≥60 d → 0), cadence (meetings/3), NPS/10
                        new Case("engagement without data", f -> f, Dimension.ENGAGEMENT, null),
                        new Case(
                                "engagement: met 14 days ago, 3 meetings, NPS 8",
                                f -> f.lastMeeting(14, 3).nps(8.0),
                                Dimension.ENGAGEMENT,
                                93),
                        new Case(
                                "engagement: met 37 days ago, 1 meeting",
                                f -> f.lastMeeting(37, 1),
                                Dimension.ENGAGEMENT,
                                42), // (0.5+0.333)/2
                        new Case(
                                "engagement: 60 days ago, none in 90 days",
                                f -> f.lastMeeting(60, 0),
                                Dimension.ENGAGEMENT,
                                0),
                        new Case(
                                "engagement: a touchpoint counts as contact",
                                f -> f.lastMeeting(90, 0).lastTouchpoint(10),
                                Dimension.ENGAGEMENT,
                                50),
                        new Case("engagement: NPS only", f -> f.nps(7.0), Dimension.ENGAGEMENT, 70),
                        // support: severity 1 − (0.25 P1 + 0.15 P2 + 0.05 P3 + 0.02 P4), resolution (≤24 h → 1, ≥120 h
                        // → 0), CSAT (avg−1)/4
                        new Case("support without tickets", f -> f, Dimension.SUPPORT, null),
                        new Case(
                                "support: nothing open, 24 h, CSAT 5",
                                f -> f.tickets(8, 0, 0, 0, 0, 24.0, 5.0),
                                Dimension.SUPPORT,
                                100),
                        new Case(
                                "support: 1 P1 1 P2 1 P3 1 P4, 72 h, CSAT 3",
                                f -> f.tickets(8, 1, 1, 1, 1, 72.0, 3.0),
                                Dimension.SUPPORT,
                                51),
                        new Case(
                                "support: 4 open P1 floor at 0",
                                f -> f.tickets(4, 4, 0, 0, 0, null, null),
                                Dimension.SUPPORT,
                                0),
                        // commercial: invoices 1 − 0.5 × overdue, payments 1 − failed/3, status (cancelled 0, past_due
                        // 0.5, else 1)
                        new Case("commercial without subscription or invoice", f -> f, Dimension.COMMERCIAL, null),
                        new Case(
                                "commercial: active, current",
                                f -> f.subscription(10, 5, 1000.0, null, "active"),
                                Dimension.COMMERCIAL,
                                100),
                        new Case(
                                "commercial: one overdue, one failed payment",
                                f -> f.subscription(10, 5, 1000.0, null, "active")
                                        .overdueInvoice("inv_1", 10)
                                        .failedPayments(1),
                                Dimension.COMMERCIAL,
                                72), // (0.5 + 0.667 + 1)/3
                        new Case(
                                "commercial: cancelled, 3 failed payments",
                                f -> f.subscription(10, 5, 1000.0, null, "cancelled")
                                        .failedPayments(3),
                                Dimension.COMMERCIAL,
                                33),
                        new Case(
                                "commercial: past due",
                                f -> f.subscription(10, 5, 1000.0, null, "past_due"),
                                Dimension.COMMERCIAL,
                                83),
                        // outcome: completed/milestones − 0.2 per at-risk milestone
                        new Case("outcome without milestones", f -> f, Dimension.OUTCOME, null),
                        new Case("outcome: 3 of 4 completed", f -> f.milestones(3, 0, 1), Dimension.OUTCOME, 75),
                        new Case(
                                "outcome: 1 of 4 completed, 1 at risk",
                                f -> f.milestones(1, 1, 2),
                                Dimension.OUTCOME,
                                5),
                        new Case("outcome: floor at 0", f -> f.milestones(0, 2, 0), Dimension.OUTCOME, 0))
                .map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void dimensionFormula(Case c) {
        HealthScore score = HealthScorer.score(c.facts().apply(account()).build());
        assertThat(score.dimensions().get(c.dimension())).isEqualTo(c.expected());
    }

    @org.junit.jupiter.api.Test
    void overallRenormalizesTheWeightsOverDimensionsWithData() {
        // support 100 (weight 20), outcome 75 (weight 10): (2000 + 750) / 30 = 91.67
        HealthScore score = HealthScorer.score(
                account().tickets(3, 0, 0, 0, 0, 10.0, 5.0).milestones(3, 0, 1).build());
        assertThat(score.overall()).isEqualTo(92);
        assertThat(score.completeness()).isEqualTo(0.30);
        assertThat(score.band()).isEqualTo("healthy");
    }

    @org.junit.jupiter.api.Test
    void withoutAnyDataThereIsNoScore() {
        HealthScore score = HealthScorer.score(account().build());
        assertThat(score.overall()).isNull();
        assertThat(score.completeness()).isZero();
        assertThat(score.band()).isNull();
    }

    @org.junit.jupiter.api.Test
    void weightsAreTheSeeds() {
        assertThat(Stream.of(Dimension.values()).mapToInt(Dimension::weight)).containsExactly(30, 25, 20, 15, 10);
    }
}
