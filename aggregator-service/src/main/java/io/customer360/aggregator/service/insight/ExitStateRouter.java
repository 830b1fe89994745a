package io.customer360.aggregator.service.insight;

import io.customer360.aggregator.config.AggregatorConfig;
import io.customer360.aggregator.domain.insight.HealthScore;
import io.customer360.aggregator.domain.insight.Opportunity;
import io.customer360.aggregator.domain.insight.Risk;
import java.util.ArrayList;
import java.util.List;

/**
 * The seed's Phase 4 routing, its rules evaluated in their order; the first that holds decides. The predicates the
 * seed leaves open are defined by {@link AggregatorConfig.Routing}:
 * <ol>
 * <li>health score below 60, or {@code critical_risk_detected} (a risk of a critical severity) → {@code at_risk},
 * triggers {@code customer_success/red_flag_detector} and {@code customer_success/risk_mitigation_playbook};</li>
 * <li>{@code support_escalation_active} (an open escalated P1/P2 ticket, or too many open P1s: a
 * {@code support_escalation} risk) → {@code escalation_required}, triggers {@code support_ops/escalation_predictor}
 * (for an escalated ticket, the same cause as the ticket's own trigger when it became P1/P2);</li>
 * <li>{@code expansion_signals} (an expansion or upsell opportunity) and health score above 75 →
 * {@code expansion_ready}, triggers {@code customer_success/success_plan_generator};</li>
 * <li>{@code renewal_approaching} (renewal within 90 days) and {@code no_qbr_scheduled} (no upcoming QBR) →
 * {@code renewal_focus}, triggers {@code customer_success/quarterly_business_review};</li>
 * <li>{@code minor_concerns} (any risk, a dimension below 70, or a high or critical health event from the CS platform
 * in the last 30 days) → {@code attention_needed};</li>
 * <li>else {@code healthy} — when the health score is known; with no score and no concern the state is unknown
 * (null): too little data to call an account healthy.</li>
 * </ol>
 * An unknown health score satisfies neither "below 60" nor "above 75".
 */
public final class ExitStateRouter {

    private ExitStateRouter() {}

    public static ExitDecision route(
            HealthScore health,
            List<Risk> risks,
            List<Opportunity> opportunities,
            AccountFacts facts,
            AggregatorConfig.Routing routing) {
        Integer score = health.overall();
        List<Risk> critical = risks.stream()
                .filter(r -> routing.criticalSeverities().contains(r.severity().wire()))
                .toList();
        boolean lowHealth = score != null && score < routing.atRiskBelow();
        if (lowHealth || !critical.isEmpty()) {
            List<SkillTrigger> triggers = new ArrayList<>();
            List<String> causes = new ArrayList<>();
            if (lowHealth) {
                causes.add("health_score_below_" + routing.atRiskBelow());
            }
            critical.forEach(r -> causes.add("critical_risk:" + r.type()));
            for (String cause : causes) {
                List<String> evidence = cause.startsWith("critical_risk:")
                        ? critical.stream()
                                .filter(r -> cause.endsWith(r.type()))
                                .findFirst()
                                .orElseThrow()
                                .evidenceEventIds()
                        : List.of();
                triggers.add(new SkillTrigger("customer_success/red_flag_detector", cause, evidence));
                triggers.add(new SkillTrigger("customer_success/risk_mitigation_playbook", cause, evidence));
            }
            return new ExitDecision(ExitState.AT_RISK, triggers);
        }
        Risk escalation = risks.stream()
                .filter(r -> r.type().equals("support_escalation"))
                .findFirst()
                .orElse(null);
        if (escalation != null) {
            // an escalated ticket fired the predictor when it became P1/P2 (trigger.ChangeTriggerRules): same cause
            String causeKey = facts.activeEscalations().stream()
                    .findFirst()
                    .map(ticket -> "ticket:" + ticket.id() + ":" + ticket.priority())
                    .orElse(null);
            return new ExitDecision(
                    ExitState.ESCALATION_REQUIRED,
                    List.of(new SkillTrigger(
                            "support_ops/escalation_predictor",
                            "support_escalation_active",
                            escalation.evidenceEventIds(),
                            causeKey)));
        }
        Opportunity expansion = opportunities.stream()
                .filter(Opportunity::expansion)
                .findFirst()
                .orElse(null);
        if (expansion != null && score != null && score > routing.expansionAbove()) {
            return new ExitDecision(
                    ExitState.EXPANSION_READY,
                    List.of(new SkillTrigger(
                            "customer_success/success_plan_generator",
                            "expansion_signals",
                            expansion.evidenceEventIds())));
        }
        Long days = facts.daysToRenewal();
        boolean renewalApproaching = days != null && days >= 0 && days <= routing.renewalApproachingDays();
        boolean qbrScheduled = facts.upcomingMeetings().stream()
                .anyMatch(m ->
                        m.meetingType() != null && routing.qbrMeetingTypes().contains(m.meetingType()));
        if (renewalApproaching && !qbrScheduled) {
            return new ExitDecision(
                    ExitState.RENEWAL_FOCUS,
                    List.of(new SkillTrigger(
                            "customer_success/quarterly_business_review",
                            "renewal_approaching_without_qbr",
                            AccountFacts.eventIds(facts.currentSubscription()))));
        }
        boolean weakDimension =
                health.dimensions().values().stream().anyMatch(s -> s != null && s < routing.minorConcernBelow());
        // the CS platform's own alarm (a high or critical health event of 30 days) is a concern too
        if (!risks.isEmpty() || weakDimension || !facts.csHealthAlerts(30).isEmpty()) {
            return new ExitDecision(ExitState.ATTENTION_NEEDED, List.of());
        }
        return new ExitDecision(score == null ? null : ExitState.HEALTHY, List.of());
    }
}
