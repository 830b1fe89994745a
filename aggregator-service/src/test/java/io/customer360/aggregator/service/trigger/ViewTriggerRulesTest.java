package io.customer360.aggregator.service.trigger;

import static org.assertj.core.api.Assertions.assertThat;

import io.customer360.aggregator.config.AggregatorConfig;
import io.customer360.aggregator.service.insight.SkillTrigger;
import io.customer360.common.contract.messages.ProfileChanged;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class ViewTriggerRulesTest {

    private static final AggregatorConfig.Triggers RULES = TriggerDefaults.rules();
    private static final LocalDate DAY = LocalDate.parse("2026-11-16");
    private static final Instant NOW = Instant.parse("2026-11-16T10:00:00Z");
    private static final List<SkillTrigger> ESCALATION =
            List.of(new SkillTrigger("support_ops/escalation_predictor", "support_escalation_active", List.of("e9")));

    private static List<Trigger> fire(
            boolean stateChanged, String state, List<SkillTrigger> routing, Integer before, Integer now) {
        return ViewTriggerRules.triggers("acme", "c1", stateChanged, state, routing, before, now, DAY, NOW, RULES);
    }

    @Test
    void theRoutingsSkillsFireWhenTheStateChangesOnly() {
        assertThat(fire(true, "escalation_required", ESCALATION, 70, 68))
                .extracting(Trigger::dedupKey)
                .containsExactly(
                        "acme:c1:support_ops/escalation_predictor:state:escalation_required:support_escalation_active:2026-11-16");
        assertThat(fire(false, "escalation_required", ESCALATION, 70, 68)).isEmpty();
    }

    @Test
    void anEscalatedTicketsRoutingSharesTheKeyOfTheTicketsOwnTrigger() {
        List<SkillTrigger> routing = List.of(new SkillTrigger(
                "support_ops/escalation_predictor", "support_escalation_active", List.of("e9"), "ticket:TKT-7:P1"));
        String ticketTrigger = ChangeTriggerRules.triggers(
                        "acme",
                        "c1",
                        new ProfileChanged(
                                "acme",
                                "c1",
                                List.of(),
                                null,
                                List.of(),
                                NOW,
                                List.of(new ProfileChanged.Change(
                                        "e1",
                                        "ticket_opened",
                                        NOW,
                                        "helpdesk",
                                        List.of(new ProfileChanged.RecordRef("ticket", "TKT-7")),
                                        "P1"))),
                        RULES)
                .get(0)
                .dedupKey();
        assertThat(fire(true, "escalation_required", routing, 70, 68).get(0).dedupKey())
                .isEqualTo(ticketTrigger);
    }

    @Test
    void aDeclineOfTheConfiguredPointsRunsTheRedFlagDetectorOnce() {
        List<Trigger> decline = fire(false, "attention_needed", List.of(), 80, 70);
        assertThat(decline)
                .extracting(t -> t.skill() + " " + t.cause())
                .containsExactly("customer_success/red_flag_detector health_decline:80->70");
        assertThat(fire(false, "attention_needed", List.of(), 80, 70).get(0).dedupKey())
                .isEqualTo(decline.get(0).dedupKey());
        assertThat(fire(false, "attention_needed", List.of(), 80, 71)).isEmpty();
        assertThat(fire(false, "healthy", List.of(), 70, 80)).isEmpty();
        assertThat(fire(false, null, List.of(), null, 40)).isEmpty();
        assertThat(fire(false, null, List.of(), 80, null)).isEmpty();
    }

    @Test
    void aDeclineIntoAtRiskRunsTheDetectorOnceNotTwice() {
        List<SkillTrigger> atRisk = List.of(
                new SkillTrigger("customer_success/red_flag_detector", "health_score_below_60", List.of()),
                new SkillTrigger("customer_success/risk_mitigation_playbook", "health_score_below_60", List.of()));
        assertThat(fire(true, "at_risk", atRisk, 75, 50))
                .extracting(Trigger::skill)
                .containsExactly("customer_success/red_flag_detector", "customer_success/risk_mitigation_playbook");
    }
}
