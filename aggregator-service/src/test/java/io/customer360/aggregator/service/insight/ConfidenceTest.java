package io.customer360.aggregator.service.insight;

import static io.customer360.aggregator.service.insight.FactsBuilder.account;
import static io.customer360.aggregator.service.insight.FactsBuilder.inDays;
import static org.assertj.core.api.Assertions.assertThat;

import io.customer360.aggregator.domain.insight.Risk;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The documented confidence formula (docs/view-fields.md#confidence): strength × recency × completeness, each 0.5–1,
 * with hand-computed values, and the risks that use it.
 */
class ConfidenceTest {

    @Test
    void isTheProductOfItsFactorsToTwoDecimals() {
        assertThat(Confidence.of(1, 1, 1)).isEqualTo(1.0);
        // 0.5 × 1 × 0.75 = 0.375
        assertThat(Confidence.of(0.5, 1, 0.75)).isEqualTo(0.38);
        // 0.75 × 0.8 × 0.9 = 0.54
        assertThat(Confidence.of(0.75, 0.8, 0.9)).isEqualTo(0.54);
        // factors are floored at 0.5 and capped at 1
        assertThat(Confidence.of(0.1, 2, 0)).isEqualTo(0.25);
    }

    @Test
    void strengthIsHalfAtTheThresholdAndFullAtSaturation() {
        assertThat(Confidence.strength(30, 30, 60)).isEqualTo(0.5);
        assertThat(Confidence.strength(45, 30, 60)).isEqualTo(0.75);
        assertThat(Confidence.strength(60, 30, 60)).isEqualTo(1.0);
        assertThat(Confidence.strength(90, 30, 60)).isEqualTo(1.0);
        assertThat(Confidence.strength(20, 30, 60)).isEqualTo(0.5);
        // seat utilization 95 % against the 90 % threshold, saturating at 100 %
        assertThat(Confidence.strength(0.95, 0.9, 1.0)).isCloseTo(0.75, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void recencyIsFullWithinTheWindowAndHalfAtFourWindows() {
        assertThat(Confidence.recency(10.0, 30)).isEqualTo(1.0);
        assertThat(Confidence.recency(30.0, 30)).isEqualTo(1.0);
        // 1 − 0.5 × 30 / 90
        assertThat(Confidence.recency(60.0, 30)).isCloseTo(5.0 / 6, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(Confidence.recency(120.0, 30)).isEqualTo(0.5);
        assertThat(Confidence.recency(400.0, 30)).isEqualTo(0.5);
        assertThat(Confidence.recency(null, 30)).isEqualTo(0.5);
    }

    @Test
    void completenessCountsTheInputsThatAnswered() {
        // profile and engagement of five: 0.5 + 0.5 × 2/5
        assertThat(Confidence.completeness(account().champion("Kim", 45, false).build()))
                .isEqualTo(0.7);
        AccountFacts all = account()
                .subscription(10, 5, 1000.0, inDays(200), "active")
                .tickets(1, 0, 0, 0, 0, null, null)
                .lastMeeting(3, 3)
                .sessions(10, 10)
                .build();
        assertThat(all.inputsAnswered()).isEqualTo(5);
        assertThat(Confidence.completeness(all)).isEqualTo(1.0);
    }

    @Test
    void risksComputeTheirConfidenceFromTheirEvidence() {
        // champion silent 45 days (threshold 30, saturation 60): strength 0.75; recency 1 (absence, measured now);
        // completeness 0.7 (profile, engagement) → 0.525
        List<Risk> champion =
                RiskDetector.detect(account().champion("Kim", 45, false).build(), DefaultThresholds.RISKS);
        assertThat(champion).singleElement().satisfies(r -> {
            assertThat(r.type()).isEqualTo("champion_risk");
            assertThat(r.basis()).isEqualTo("inferred");
            assertThat(r.confidence()).isEqualTo(0.53);
        });
        // renewal in 60 days, last touchpoint 45 days ago (threshold 30): strength 0.75; profile, subscription,
        // engagement: completeness 0.8 → 0.6
        List<Risk> renewal = RiskDetector.detect(
                account()
                        .subscription(10, 5, 1000.0, inDays(60), "active")
                        .lastTouchpoint(45)
                        .build(),
                DefaultThresholds.RISKS);
        assertThat(renewal)
                .filteredOn(r -> r.type().equals("contract_concern"))
                .singleElement()
                .satisfies(r -> assertThat(r.confidence()).isEqualTo(0.6));
        // an observed risk on all five inputs: 1; on profile and support only: 0.5 + 0.5 × 2/5 = 0.7
        AccountFacts escalated = account().escalatedTicket("TKT-1", "P1", 2).build();
        assertThat(RiskDetector.detect(escalated, DefaultThresholds.RISKS))
                .filteredOn(r -> r.type().equals("support_escalation"))
                .singleElement()
                .satisfies(r -> {
                    assertThat(r.basis()).isEqualTo("observed");
                    assertThat(r.confidence()).isEqualTo(0.7);
                });
    }
}
