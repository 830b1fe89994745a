package io.customer360.aggregator.service.accuracy;

import static io.customer360.aggregator.service.accuracy.Outcome.CHURN;
import static io.customer360.aggregator.service.accuracy.Outcome.EXPANSION;
import static io.customer360.aggregator.service.accuracy.Outcome.RENEWAL;
import static io.customer360.aggregator.service.accuracy.Outcome.TICKET_RESOLVED;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VerdictsTest {

    private static String risk(String type, Outcome outcome) {
        return Verdicts.verdict(Verdicts.RISK, type, outcome);
    }

    private static String state(String state, Outcome outcome) {
        return Verdicts.verdict(Verdicts.EXIT_STATE, state, outcome);
    }

    @Test
    void churnConfirmsRisksAndConcernsAndRefutesTheGoodNews() {
        assertThat(risk("usage_decline", CHURN)).isEqualTo("confirmed");
        assertThat(risk("payment_issue", RENEWAL)).isEqualTo("refuted");
        assertThat(risk("champion_risk", EXPANSION)).isEqualTo("refuted");
        assertThat(state("at_risk", CHURN)).isEqualTo("confirmed");
        assertThat(state("attention_needed", RENEWAL)).isEqualTo("refuted");
        assertThat(state("escalation_required", CHURN)).isEqualTo("confirmed");
        assertThat(state("healthy", CHURN)).isEqualTo("refuted");
        assertThat(state("healthy", EXPANSION)).isEqualTo("confirmed");
    }

    @Test
    void expansionAndRenewalStatesAreJudgedByTheirOwnOutcomeOnly() {
        assertThat(state("expansion_ready", EXPANSION)).isEqualTo("confirmed");
        assertThat(state("expansion_ready", CHURN)).isEqualTo("refuted");
        assertThat(state("expansion_ready", RENEWAL)).isNull();
        assertThat(state("renewal_focus", RENEWAL)).isEqualTo("confirmed");
        assertThat(state("renewal_focus", CHURN)).isEqualTo("refuted");
        assertThat(state("renewal_focus", EXPANSION)).isNull();
    }

    @Test
    void aTicketResolutionIsNoVerdict() {
        assertThat(risk("support_escalation", TICKET_RESOLVED)).isNull();
        assertThat(state("escalation_required", TICKET_RESOLVED)).isNull();
    }
}
