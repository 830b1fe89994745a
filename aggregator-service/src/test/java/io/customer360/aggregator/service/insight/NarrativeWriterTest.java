package io.customer360.aggregator.service.insight;

import static io.customer360.aggregator.service.insight.FactsBuilder.account;
import static io.customer360.aggregator.service.insight.FactsBuilder.inDays;
import static org.assertj.core.api.Assertions.assertThat;

import io.customer360.aggregator.domain.insight.HealthScore;
import io.customer360.aggregator.domain.insight.Narrative;
import io.customer360.aggregator.domain.insight.Opportunity;
import io.customer360.aggregator.domain.insight.Risk;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The narrative: deterministic, 2–3 sentences, each citing its events, never stating a weak inference as fact. */
class NarrativeWriterTest {

    @Test
    void summarizesAccountRisksAndOutlookCitingEvents() {
        AccountFacts facts = account()
                .subscription(250, 245, 180000.0, inDays(227), "active")
                .escalatedTicket("TKT-4521", "P2", 5)
                .lastMeeting(18, 3)
                .build();
        HealthScore health = HealthScorer.score(facts);
        List<Risk> risks = RiskDetector.detect(facts, DefaultThresholds.RISKS);
        List<Opportunity> opportunities = OpportunityFinder.find(facts, DefaultThresholds.ROUTING);
        Narrative narrative = NarrativeWriter.write(facts, health, -8, risks, opportunities);
        assertThat(narrative.sentences()).hasSize(3);
        assertThat(narrative.text())
                .startsWith("Acme Corporation is a 2-year customer ($180K ARR) with a health score of "
                        + health.overall() + ", down 8 points over the past month.");
        assertThat(narrative.sentences().get(1).text())
                .isEqualTo("Main concerns: P2 ticket TKT-4521 escalated and open for 5 days: Batch jobs failing.");
        assertThat(narrative.sentences().get(1).evidenceEventIds()).containsExactly("evt_TKT-4521");
        assertThat(narrative.sentences().get(2).text())
                .isEqualTo(
                        "Renewal is in 227 days, and 98% seat utilization (245 of 250 seats) points to an expansion opportunity.");
        assertThat(narrative.sentences().get(2).evidenceEventIds()).containsExactly("evt_subscription");
        assertThat(NarrativeWriter.write(facts, health, -8, risks, opportunities))
                .isEqualTo(narrative);
    }

    @Test
    void aLowConfidenceRiskIsWordedAsAPossibility() {
        AccountFacts facts =
                account().champion("Kim", 40, false).lastMeeting(5, 3).build();
        List<Risk> risks = RiskDetector.detect(facts, DefaultThresholds.RISKS);
        assertThat(risks).singleElement().extracting(Risk::firm).isEqualTo(false);
        Narrative narrative = NarrativeWriter.write(facts, HealthScorer.score(facts), null, risks, List.of());
        assertThat(narrative.sentences().get(1).text())
                .startsWith("Signals suggest a possible champion risk")
                .endsWith("though this is not confirmed.");
        assertThat(narrative.sentences().get(1).basis()).isEqualTo("inferred");
        assertThat(narrative.sentences()).hasSize(2);
    }

    @Test
    void withoutDataItSaysSo() {
        AccountFacts facts = account().build();
        Narrative narrative = NarrativeWriter.write(facts, HealthScorer.score(facts), null, List.of(), List.of());
        assertThat(narrative.text())
                .isEqualTo("Acme Corporation is a 2-year customer; there is not enough data for a health score yet."
                        + " No risk signals were detected in the data available.");
    }
}
