package io.customer360.aggregator.service.insight;

import static org.assertj.core.api.Assertions.assertThat;

import io.customer360.aggregator.domain.insight.Action;
import io.customer360.aggregator.domain.insight.Evidence;
import io.customer360.aggregator.domain.insight.OpenAction;
import io.customer360.aggregator.domain.insight.Opportunity;
import io.customer360.aggregator.domain.insight.Risk;
import io.customer360.aggregator.domain.insight.Severity;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Actions: one per cause, deduplicated against open ones (which keep their dates), within scope, focus first, top 5. */
class ActionPlannerTest {

    private static final LocalDate TODAY = LocalDate.parse("2026-06-15");

    private static Risk risk(String type, Severity severity) {
        return Risk.of(type, severity, "signal", "recommendation", Evidence.OBSERVED, List.of("evt_" + type));
    }

    private static final List<Risk> SIX_RISKS = List.of(
            risk("support_escalation", Severity.HIGH),
            risk("payment_issue", Severity.HIGH),
            risk("usage_decline", Severity.MEDIUM),
            risk("engagement_drop", Severity.MEDIUM),
            risk("champion_risk", Severity.MEDIUM),
            risk("contract_concern", Severity.LOW));

    @Test
    void atMostFiveActionsMostUrgentFirstNumberedFromOne() {
        List<Action> actions = ActionPlanner.plan(
                ActionPlanner.candidates(
                        SIX_RISKS,
                        List.of(Opportunity.of("expansion", "s", 1.0, "r", Evidence.inferred(0.7), List.of())),
                        new ExitDecision(ExitState.ESCALATION_REQUIRED, List.of())),
                null,
                null,
                Map.of(),
                TODAY);
        assertThat(actions).hasSize(ActionPlanner.LIMIT);
        assertThat(actions).extracting(Action::priority).containsExactly(1, 2, 3, 4, 5);
        assertThat(actions.get(0).key()).isEqualTo("risk:support_escalation");
        assertThat(actions.get(0).dueDate()).isEqualTo(TODAY.plusDays(2));
        assertThat(actions.get(0).skillTrigger()).isEqualTo("support_ops/escalation_predictor");
        assertThat(actions).extracting(Action::key).doesNotContain("opportunity:expansion", "risk:contract_concern");
        assertThat(actions).allSatisfy(a -> {
            assertThat(a.owner()).isNotBlank();
            assertThat(a.dueDate()).isAfter(TODAY);
        });
    }

    @Test
    void theSameCauseTwiceIsOneAction() {
        List<Action> actions = ActionPlanner.plan(
                ActionPlanner.candidates(
                        List.of(risk("payment_issue", Severity.HIGH), risk("payment_issue", Severity.MEDIUM)),
                        List.of(),
                        new ExitDecision(null, List.of())),
                null,
                null,
                Map.of(),
                TODAY);
        assertThat(actions).singleElement().extracting(Action::key).isEqualTo("risk:payment_issue");
    }

    @Test
    void anActionStillOpenKeepsItsDatesInsteadOfBeingRecommendedAnew() {
        OpenAction earlier = new OpenAction("risk:payment_issue", TODAY.minusDays(10), TODAY.minusDays(7));
        List<Action> actions = ActionPlanner.plan(
                ActionPlanner.candidates(
                        List.of(risk("payment_issue", Severity.HIGH)), List.of(), new ExitDecision(null, List.of())),
                null,
                null,
                Map.of(earlier.key(), earlier),
                TODAY);
        assertThat(actions).singleElement().satisfies(a -> {
            assertThat(a.openSince()).isEqualTo(TODAY.minusDays(10));
            assertThat(a.dueDate()).isEqualTo(TODAY.minusDays(7));
        });
    }

    @Test
    void onlyActionsWithinTheCallersScope() {
        List<ActionPlanner.Candidate> candidates =
                ActionPlanner.candidates(SIX_RISKS, List.of(), new ExitDecision(null, List.of()));
        assertThat(ActionPlanner.plan(candidates, Set.of("billing"), null, Map.of(), TODAY))
                .extracting(Action::owner)
                .containsExactly("Billing");
        assertThat(ActionPlanner.plan(candidates, Set.of("support"), null, Map.of(), TODAY))
                .extracting(Action::owner)
                .containsExactly("Support + CSM");
        assertThat(ActionPlanner.plan(candidates, Set.of("ae"), null, Map.of(), TODAY))
                .extracting(Action::owner)
                .containsOnly("CSM + AE");
    }

    @Test
    void focusPutsItsActionsFirst() {
        List<ActionPlanner.Candidate> candidates = ActionPlanner.candidates(
                SIX_RISKS,
                List.of(Opportunity.of("expansion", "s", 1.0, "r", Evidence.inferred(0.7), List.of())),
                new ExitDecision(ExitState.ESCALATION_REQUIRED, List.of()));
        assertThat(ActionPlanner.plan(candidates, null, "expansion", Map.of(), TODAY)
                        .get(0)
                        .key())
                .isEqualTo("opportunity:expansion");
        assertThat(ActionPlanner.plan(candidates, null, "renewal", Map.of(), TODAY)
                        .get(0)
                        .key())
                .isEqualTo("risk:contract_concern");
        assertThat(ActionPlanner.plan(candidates, null, "support", Map.of(), TODAY)
                        .get(0)
                        .key())
                .isEqualTo("risk:support_escalation");
    }
}
