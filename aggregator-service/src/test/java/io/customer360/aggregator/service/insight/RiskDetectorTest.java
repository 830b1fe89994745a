package io.customer360.aggregator.service.insight;

import static io.customer360.aggregator.service.insight.FactsBuilder.account;
import static io.customer360.aggregator.service.insight.FactsBuilder.inDays;
import static org.assertj.core.api.Assertions.assertThat;

import io.customer360.aggregator.domain.insight.Evidence;
import io.customer360.aggregator.domain.insight.Risk;
import io.customer360.aggregator.domain.insight.Severity;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every risk threshold on both sides of its boundary: the facts, the risk type, and the expected severity (null: none). */
class RiskDetectorTest {

    record Case(String name, UnaryOperator<FactsBuilder> facts, String type, Severity expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                        new Case("usage −19 % is no decline", f -> f.sessions(81, 100), "usage_decline", null),
                        new Case(
                                "usage −20 % is no decline yet (the seed: below −20 %)",
                                f -> f.sessions(80, 100), "usage_decline", null),
                        new Case(
                                "usage −20.1 % is a decline",
                                f -> f.sessions(799, 1000), "usage_decline", Severity.MEDIUM),
                        new Case("usage −49 % is medium", f -> f.sessions(51, 100), "usage_decline", Severity.MEDIUM),
                        new Case("usage −50 % is high", f -> f.sessions(50, 100), "usage_decline", Severity.HIGH),
                        new Case("usage without earlier sessions", f -> f.sessions(5, 0), "usage_decline", null),
                        new Case("meeting 45 days ago is fine", f -> f.lastMeeting(45, 1), "engagement_drop", null),
                        new Case(
                                "meeting 46 days ago is a drop",
                                f -> f.lastMeeting(46, 0),
                                "engagement_drop",
                                Severity.MEDIUM),
                        new Case(
                                "meeting 91 days ago is high",
                                f -> f.lastMeeting(91, 0),
                                "engagement_drop",
                                Severity.HIGH),
                        new Case(
                                "no meeting ever, other engagement on record",
                                f -> f.lastMeeting(null, 0).nps(8.0),
                                "engagement_drop",
                                Severity.HIGH),
                        new Case(
                                "no engagement on record is no drop",
                                f -> f.lastMeeting(null, 0),
                                "engagement_drop",
                                null),
                        new Case("no engagement data, no verdict", f -> f, "engagement_drop", null),
                        new Case(
                                "2 open P1 is not yet an escalation",
                                f -> f.tickets(2, 2, 0, 0, 0, null, null),
                                "support_escalation",
                                null),
                        new Case(
                                "3 open P1 is critical",
                                f -> f.tickets(3, 3, 0, 0, 0, null, null),
                                "support_escalation",
                                Severity.CRITICAL),
                        new Case(
                                "an escalated P2 is high",
                                f -> f.escalatedTicket("TKT-9", "P2", 5),
                                "support_escalation",
                                Severity.HIGH),
                        new Case(
                                "an escalated P3 is not an active escalation",
                                f -> f.escalatedTicket("TKT-9", "P3", 5),
                                "support_escalation",
                                null),
                        new Case(
                                "champion active 29 days ago is fine",
                                f -> f.champion("Kim", 29, false),
                                "champion_risk",
                                null),
                        new Case(
                                "champion silent 31 days is medium",
                                f -> f.champion("Kim", 31, false),
                                "champion_risk",
                                Severity.MEDIUM),
                        new Case(
                                "champion left is high",
                                f -> f.champion("Kim", 2, true),
                                "champion_risk",
                                Severity.HIGH),
                        new Case(
                                "invoice 30 days overdue is not yet",
                                f -> f.overdueInvoice("inv_1", 30),
                                "payment_issue",
                                null),
                        new Case(
                                "invoice 31 days overdue is high",
                                f -> f.overdueInvoice("inv_1", 31),
                                "payment_issue",
                                Severity.HIGH),
                        new Case(
                                "invoice 61 days overdue is critical",
                                f -> f.overdueInvoice("inv_1", 61),
                                "payment_issue",
                                Severity.CRITICAL),
                        new Case(
                                "one failed payment is no issue",
                                f -> f.subscription(10, 5, null, null, "active").failedPayments(1),
                                "payment_issue",
                                null),
                        new Case(
                                "two failed payments are medium",
                                f -> f.subscription(10, 5, null, null, "active").failedPayments(2),
                                "payment_issue",
                                Severity.MEDIUM),
                        new Case(
                                "renewal in 91 days is outside the window",
                                f -> f.subscription(10, 5, null, inDays(91), "active")
                                        .lastMeeting(60, 0),
                                "contract_concern",
                                null),
                        new Case(
                                "renewal in 90 days, no contact for 31 days",
                                f -> f.subscription(10, 5, null, inDays(90), "active")
                                        .lastMeeting(31, 0),
                                "contract_concern",
                                Severity.MEDIUM),
                        new Case(
                                "renewal in 90 days, contact 30 days ago",
                                f -> f.subscription(10, 5, null, inDays(90), "active")
                                        .lastMeeting(30, 1),
                                "contract_concern",
                                null),
                        new Case(
                                "renewal in 20 days without contact is high",
                                f -> f.subscription(10, 5, null, inDays(20), "active")
                                        .lastMeeting(null, 0),
                                "contract_concern",
                                Severity.HIGH))
                .map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void threshold(Case c) {
        List<Risk> risks = RiskDetector.detect(c.facts().apply(account()).build(), DefaultThresholds.RISKS);
        Severity found = risks.stream()
                .filter(r -> r.type().equals(c.type()))
                .map(Risk::severity)
                .findFirst()
                .orElse(null);
        assertThat(found).isEqualTo(c.expected());
    }

    @Test
    void risksCiteTheirEventsAndSayHowTheyAreKnown() {
        List<Risk> risks = RiskDetector.detect(
                account()
                        .escalatedTicket("TKT-9", "P1", 3)
                        .overdueInvoice("inv_7", 45)
                        .champion("Kim", 40, false)
                        .lastMeeting(10, 3)
                        .build(),
                DefaultThresholds.RISKS);
        assertThat(risks)
                .extracting(Risk::type)
                .containsExactly("support_escalation", "payment_issue", "champion_risk");
        assertThat(risks.get(0).evidenceEventIds()).containsExactly("evt_TKT-9");
        assertThat(risks.get(0).basis()).isEqualTo("observed");
        assertThat(risks.get(1).evidenceEventIds()).containsExactly("evt_inv_7");
        assertThat(risks.get(2).basis()).isEqualTo("inferred");
        assertThat(risks.get(2).confidence()).isLessThan(Evidence.FIRM);
        assertThat(risks.get(2).evidenceEventIds()).containsExactly("evt_Kim");
    }
}
