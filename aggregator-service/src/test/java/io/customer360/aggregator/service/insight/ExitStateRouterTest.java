package io.customer360.aggregator.service.insight;

import static io.customer360.aggregator.service.insight.FactsBuilder.account;
import static io.customer360.aggregator.service.insight.FactsBuilder.inDays;
import static org.assertj.core.api.Assertions.assertThat;

import io.customer360.aggregator.domain.insight.Dimension;
import io.customer360.aggregator.domain.insight.Evidence;
import io.customer360.aggregator.domain.insight.HealthScore;
import io.customer360.aggregator.domain.insight.Opportunity;
import io.customer360.aggregator.domain.insight.Risk;
import io.customer360.aggregator.domain.insight.Severity;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The seed's Phase 4 routing: each rule, and that an earlier rule wins over every later one that also holds. */
class ExitStateRouterTest {

    private static final Risk CRITICAL =
            Risk.of("payment_issue", Severity.CRITICAL, "s", "r", Evidence.OBSERVED, List.of("e1"));
    private static final Risk ESCALATION =
            Risk.of("support_escalation", Severity.HIGH, "s", "r", Evidence.OBSERVED, List.of("e2"));
    private static final Risk MINOR =
            Risk.of("engagement_drop", Severity.MEDIUM, "s", "r", Evidence.OBSERVED, List.of());
    private static final Opportunity EXPANSION =
            Opportunity.of("expansion", "s", 1.0, "r", Evidence.inferred(0.7), List.of("e3"));
    private static final Opportunity ADOPTION =
            Opportunity.of("adoption", "s", null, "r", Evidence.inferred(0.6), List.of());

    record Case(
            String name,
            Integer score,
            List<Risk> risks,
            List<Opportunity> opportunities,
            boolean renewalSoon,
            boolean qbr,
            ExitState expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> cases() {
        List<Risk> none = List.of();
        List<Opportunity> noOpportunity = List.of();
        return Stream.of(
                        new Case("score 59 → at_risk", 59, none, noOpportunity, false, false, ExitState.AT_RISK),
                        new Case(
                                "score 60 is not at_risk",
                                60,
                                none,
                                noOpportunity,
                                false,
                                false,
                                ExitState.ATTENTION_NEEDED),
                        new Case(
                                "critical risk with a high score → at_risk",
                                90,
                                List.of(CRITICAL),
                                noOpportunity,
                                false,
                                false,
                                ExitState.AT_RISK),
                        new Case(
                                "at_risk wins over escalation, expansion and renewal",
                                50,
                                List.of(ESCALATION),
                                List.of(EXPANSION),
                                true,
                                false,
                                ExitState.AT_RISK),
                        new Case(
                                "active escalation → escalation_required",
                                80,
                                List.of(ESCALATION),
                                noOpportunity,
                                false,
                                false,
                                ExitState.ESCALATION_REQUIRED),
                        new Case(
                                "escalation wins over expansion and renewal",
                                90,
                                List.of(ESCALATION),
                                List.of(EXPANSION),
                                true,
                                false,
                                ExitState.ESCALATION_REQUIRED),
                        new Case(
                                "expansion with score 76 → expansion_ready",
                                76,
                                none,
                                List.of(EXPANSION),
                                false,
                                false,
                                ExitState.EXPANSION_READY),
                        new Case(
                                "expansion with score 75 is not ready",
                                75,
                                none,
                                List.of(EXPANSION),
                                false,
                                false,
                                ExitState.HEALTHY),
                        new Case(
                                "adoption is no expansion signal",
                                90,
                                none,
                                List.of(ADOPTION),
                                false,
                                false,
                                ExitState.HEALTHY),
                        new Case(
                                "expansion wins over renewal",
                                90,
                                none,
                                List.of(EXPANSION),
                                true,
                                false,
                                ExitState.EXPANSION_READY),
                        new Case(
                                "renewal approaching without QBR → renewal_focus",
                                80,
                                none,
                                noOpportunity,
                                true,
                                false,
                                ExitState.RENEWAL_FOCUS),
                        new Case(
                                "renewal approaching with a QBR scheduled",
                                80,
                                none,
                                noOpportunity,
                                true,
                                true,
                                ExitState.HEALTHY),
                        new Case(
                                "renewal wins over minor concerns",
                                80,
                                List.of(MINOR),
                                noOpportunity,
                                true,
                                false,
                                ExitState.RENEWAL_FOCUS),
                        new Case(
                                "a minor risk → attention_needed",
                                80,
                                List.of(MINOR),
                                noOpportunity,
                                false,
                                false,
                                ExitState.ATTENTION_NEEDED),
                        new Case("nothing wrong → healthy", 80, none, noOpportunity, false, false, ExitState.HEALTHY),
                        new Case("no score and nothing wrong → unknown", null, none, noOpportunity, false, false, null))
                .map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void routing(Case c) {
        FactsBuilder facts = account();
        facts.subscription(10, 5, null, c.renewalSoon() ? inDays(60) : inDays(200), "active");
        if (c.qbr()) {
            facts.upcomingQbr();
        }
        Map<Dimension, Integer> dimensions = new EnumMap<>(Dimension.class);
        dimensions.put(Dimension.USAGE, c.score());
        HealthScore health = new HealthScore(c.score(), dimensions, c.score() == null ? 0 : 0.3);
        ExitDecision decision =
                ExitStateRouter.route(health, c.risks(), c.opportunities(), facts.build(), DefaultThresholds.ROUTING);
        assertThat(decision.state()).isEqualTo(c.expected());
    }

    @Test
    void aWeakDimensionIsAMinorConcern() {
        Map<Dimension, Integer> dimensions = new EnumMap<>(Dimension.class);
        dimensions.put(Dimension.USAGE, 95);
        dimensions.put(Dimension.SUPPORT, 69);
        ExitDecision decision = ExitStateRouter.route(
                new HealthScore(88, dimensions, 0.5),
                List.of(),
                List.of(),
                account().build(),
                DefaultThresholds.ROUTING);
        assertThat(decision.state()).isEqualTo(ExitState.ATTENTION_NEEDED);
    }

    @Test
    void theCsPlatformsOwnAlarmIsAMinorConcern() {
        Map<Dimension, Integer> dimensions = new EnumMap<>(Dimension.class);
        dimensions.put(Dimension.USAGE, 95);
        HealthScore healthy = new HealthScore(95, dimensions, 0.3);
        // a high health event 5 days ago: attention_needed where the account would be healthy
        assertThat(ExitStateRouter.route(
                                healthy,
                                List.of(),
                                List.of(),
                                account()
                                        .csHealthEvent("exec_sponsor_left", "high", 5)
                                        .build(),
                                DefaultThresholds.ROUTING)
                        .state())
                .isEqualTo(ExitState.ATTENTION_NEEDED);
        assertThat(ExitStateRouter.route(
                                healthy,
                                List.of(),
                                List.of(),
                                account()
                                        .csHealthEvent("outage", "Critical", 30)
                                        .build(),
                                DefaultThresholds.ROUTING)
                        .state())
                .isEqualTo(ExitState.ATTENTION_NEEDED);
        // older than 30 days, or of a lower severity: healthy
        assertThat(ExitStateRouter.route(
                                healthy,
                                List.of(),
                                List.of(),
                                account()
                                        .csHealthEvent("exec_sponsor_left", "high", 31)
                                        .build(),
                                DefaultThresholds.ROUTING)
                        .state())
                .isEqualTo(ExitState.HEALTHY);
        assertThat(ExitStateRouter.route(
                                healthy,
                                List.of(),
                                List.of(),
                                account()
                                        .csHealthEvent("login_dip", "medium", 2)
                                        .build(),
                                DefaultThresholds.ROUTING)
                        .state())
                .isEqualTo(ExitState.HEALTHY);
    }

    @Test
    void atRiskTriggersBothSkillsOncePerCause() {
        Map<Dimension, Integer> dimensions = new EnumMap<>(Dimension.class);
        ExitDecision decision = ExitStateRouter.route(
                new HealthScore(40, dimensions, 0.3),
                List.of(CRITICAL),
                List.of(),
                account().build(),
                DefaultThresholds.ROUTING);
        assertThat(decision.triggers())
                .extracting(t -> t.skill() + "|" + t.cause())
                .containsExactly(
                        "customer_success/red_flag_detector|health_score_below_60",
                        "customer_success/risk_mitigation_playbook|health_score_below_60",
                        "customer_success/red_flag_detector|critical_risk:payment_issue",
                        "customer_success/risk_mitigation_playbook|critical_risk:payment_issue");
        assertThat(decision.triggers().get(2).evidenceEventIds()).containsExactly("e1");
    }

    @Test
    void escalationTriggersTheEscalationPredictorWithItsEvidence() {
        ExitDecision decision = ExitStateRouter.route(
                new HealthScore(80, new EnumMap<>(Dimension.class), 0.3),
                List.of(ESCALATION),
                List.of(),
                account().build(),
                DefaultThresholds.ROUTING);
        assertThat(decision.triggers()).singleElement().satisfies(t -> {
            assertThat(t.skill()).isEqualTo("support_ops/escalation_predictor");
            assertThat(t.evidenceEventIds()).containsExactly("e2");
            assertThat(t.causeKey())
                    .as("too many P1s, no escalated ticket: the state change is the cause")
                    .isNull();
        });
        // an escalated ticket is the cause the ticket's own trigger named when it became P1
        ExitDecision escalated = ExitStateRouter.route(
                new HealthScore(80, new EnumMap<>(Dimension.class), 0.3),
                List.of(ESCALATION),
                List.of(),
                account().escalatedTicket("TKT-7", "P1", 2).build(),
                DefaultThresholds.ROUTING);
        assertThat(escalated.triggers())
                .singleElement()
                .extracting(SkillTrigger::causeKey)
                .isEqualTo("ticket:TKT-7:P1");
    }
}
