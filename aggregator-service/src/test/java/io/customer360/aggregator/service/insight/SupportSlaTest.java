package io.customer360.aggregator.service.insight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.customer360.aggregator.config.AggregatorConfig;
import io.customer360.aggregator.domain.insight.Risk;
import io.customer360.aggregator.domain.insight.Severity;
import io.customer360.common.contract.profile.SupportSection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The support SLA against hand-computed tickets (issue 21). Now is 2026-06-15T12:00:00Z; default targets P1 1 h / 4 h,
 * P2 4 h / 1 d, P3 8 h / 3 d, P4 1 d / 7 d.
 */
class SupportSlaTest {

    static final Instant NOW = Instant.parse("2026-06-15T12:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * <ul>
     * <li>T1 P1 open, opened 3 h ago, unanswered: first response due 2 h ago → breached 120 min; resolution due in
     * 1 h → pending.</li>
     * <li>T2 P2 open, opened 2 h ago, answered 1 h later: met; resolution due in 22 h → pending.</li>
     * <li>T3 P3 resolved, opened 5 days ago, answered 10 h later: breached 120 min; resolved 2 days after opening:
     * met.</li>
     * <li>T4 P4 resolved, opened 10 days ago, never answered, resolved 8 days later: the resolution is the first
     * answer → first response breached by 7 days (10080 min), resolution by 1 day (1440 min).</li>
     * <li>T5 open without a priority: not judged.</li>
     * <li>T6 P2 open, no openedAt, first seen 30 h ago, answer stamped 31 h ago (before the opening: counts at the
     * opening): met; resolution due 6 h ago → breached 360 min.</li>
     * </ul>
     */
    static SupportSection support() {
        // the source reports first responses (profile-service averages them over the account's tickets)
        ObjectNode support = JSON.createObjectNode()
                .put("totalTickets", 6)
                .put("openTickets", 4)
                .put("averageFirstResponseHours", 3.67);
        ArrayNode open = support.putArray("open");
        ticket(open, "T1", "P1", ago(3), null, null);
        ticket(open, "T2", "P2", ago(2), ago(1), null);
        ticket(open, "T5", null, ago(1), null, null);
        ObjectNode t6 = ticket(open, "T6", "P2", null, ago(31), null);
        t6.put("firstSeenAt", ago(30));
        ArrayNode resolved = support.putArray("recentlyResolved");
        ticket(resolved, "T3", "P3", ago(120), ago(110), ago(72)).put("status", "resolved");
        ticket(resolved, "T4", "P4", ago(240), null, ago(48)).put("status", "closed");
        return JSON.convertValue(support, SupportSection.class);
    }

    static String ago(int hours) {
        return NOW.minus(Duration.ofHours(hours)).toString();
    }

    private static ObjectNode ticket(
            ArrayNode list, String id, String priority, String opened, String answered, String resolved) {
        ObjectNode ticket = list.addObject()
                .put("id", id)
                .put("priority", priority)
                .put("openedAt", opened)
                .put("firstResponseAt", answered)
                .put("resolvedAt", resolved)
                .put("firstSeenAt", opened)
                .put("lastChangedAt", resolved != null ? resolved : NOW.toString());
        ticket.putArray("eventIds").add("evt_" + id);
        return ticket;
    }

    static AccountFacts facts(SupportSection support) {
        return new AccountFacts(null, null, support, null, null, null, NOW);
    }

    @Test
    void judgesEachTicketsClocks() {
        List<SupportSla.TicketSla> judged = SupportSla.withDefaults().judge(facts(support()));

        // breached first, open before resolved, most urgent first; T5 has no priority
        assertThat(judged)
                .extracting(
                        t -> t.ticket().id(),
                        t -> t.firstResponse().state(),
                        t -> t.firstResponse().minutesLate(),
                        t -> t.resolution().state(),
                        t -> t.resolution().minutesLate())
                .containsExactly(
                        tuple("T1", SupportSla.State.BREACHED, 120L, SupportSla.State.PENDING, null),
                        tuple("T6", SupportSla.State.MET, null, SupportSla.State.BREACHED, 360L),
                        tuple("T3", SupportSla.State.BREACHED, 120L, SupportSla.State.MET, null),
                        tuple("T4", SupportSla.State.BREACHED, 10080L, SupportSla.State.BREACHED, 1440L),
                        tuple("T2", SupportSla.State.MET, null, SupportSla.State.PENDING, null));
        SupportSla.TicketSla t1 = judged.get(0);
        assertThat(t1.firstResponse().dueAt()).isEqualTo(Instant.parse("2026-06-15T10:00:00Z"));
        assertThat(t1.resolution().dueAt()).isEqualTo(Instant.parse("2026-06-15T13:00:00Z"));
        assertThat(t1.firstResponse().stoppedAt()).isNull();
        // T6: the clock starts when it was first seen; the early answer stops the first response at the opening
        SupportSla.TicketSla t6 = judged.get(1);
        assertThat(t6.openedAt()).isEqualTo(Instant.parse("2026-06-14T06:00:00Z"));
        assertThat(t6.firstResponse().stoppedAt()).isEqualTo(t6.openedAt());
        // T4 answered only by its resolution
        assertThat(judged.get(3).firstResponse().stoppedAt()).isEqualTo(Instant.parse("2026-06-13T12:00:00Z"));
    }

    @Test
    void breachesAreARiskCitingTheirTickets() {
        AccountFacts facts = facts(support());
        List<Risk> risks = RiskDetector.detect(facts, DefaultThresholds.RISKS);

        Risk sla = risks.stream()
                .filter(r -> r.type().equals("sla_breach"))
                .findFirst()
                .orElseThrow();
        // open P1 T1 and open P2 T6 are past a target: high
        assertThat(sla.severity()).isEqualTo(Severity.HIGH);
        assertThat(sla.signal())
                .isEqualTo("4 ticket(s) missed the support SLA (3 first response(s), 2 resolution(s)); "
                        + "P1 ticket T1 unanswered 2 h past its 1 h first-response target");
        assertThat(sla.evidenceEventIds()).containsExactly("evt_T1", "evt_T6", "evt_T3", "evt_T4");
        assertThat(sla.basis()).isEqualTo("observed");
    }

    @Test
    void severityFollowsWhatIsPastItsTarget() {
        // only a resolved P2 that missed its first response (answered 5 h after opening, target 4 h): medium
        ObjectNode support = JSON.createObjectNode();
        ticket(support.putArray("recentlyResolved"), "R2", "P2", ago(10), ago(5), ago(4));
        assertThat(sla(support))
                .extracting(Risk::severity, Risk::signal)
                .containsExactly(
                        Severity.MEDIUM,
                        "1 ticket(s) missed the support SLA (1 first response(s), 0 resolution(s)); "
                                + "P2 ticket R2 answered 1 h after its 4 h first-response target");
        // only a resolved P4 resolved 8 days after opening (answered in time): low
        support = JSON.createObjectNode();
        ticket(support.putArray("recentlyResolved"), "R4", "P4", ago(200), ago(199), ago(8));
        assertThat(sla(support))
                .extracting(Risk::severity, Risk::signal)
                .containsExactly(
                        Severity.LOW,
                        "1 ticket(s) missed the support SLA (0 first response(s), 1 resolution(s)); "
                                + "P4 ticket R4 resolved 24 h after its 7 d resolution target");
        // an open P3 unresolved 3 days and 2 hours after opening: medium
        support = JSON.createObjectNode();
        ticket(support.putArray("open"), "O3", "P3", ago(74), ago(73), null);
        assertThat(sla(support))
                .extracting(Risk::severity, Risk::signal)
                .containsExactly(
                        Severity.MEDIUM,
                        "1 ticket(s) missed the support SLA (0 first response(s), 1 resolution(s)); "
                                + "P3 ticket O3 unresolved 2 h past its 3 d resolution target");
        // every clock met: no risk
        support = JSON.createObjectNode();
        ticket(support.putArray("open"), "OK", "P1", ago(1), ago(0), null);
        assertThat(RiskDetector.detect(
                        facts(JSON.convertValue(support, SupportSection.class)), DefaultThresholds.RISKS))
                .extracting(Risk::type)
                .doesNotContain("sla_breach");
    }

    private static Risk sla(ObjectNode support) {
        support.put("averageFirstResponseHours", 1.0);
        return RiskDetector.detect(facts(JSON.convertValue(support, SupportSection.class)), DefaultThresholds.RISKS)
                .stream()
                .filter(r -> r.type().equals("sla_breach"))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void aSourceThatReportsNoFirstResponsesLeavesThatClockUnknown() {
        // no ticket of the account has a first response: T1 (unanswered 3 h) and T4 (answered only by its
        // resolution) are not late answers; resolutions are still judged (T6 and T4 late)
        ObjectNode support = JSON.convertValue(support(), ObjectNode.class);
        support.remove("averageFirstResponseHours");
        List<SupportSla.TicketSla> judged =
                SupportSla.withDefaults().judge(facts(JSON.convertValue(support, SupportSection.class)));

        assertThat(judged)
                .extracting(
                        t -> t.ticket().id(),
                        t -> t.firstResponse().state(),
                        t -> t.resolution().state())
                .containsExactly(
                        tuple("T6", SupportSla.State.UNKNOWN, SupportSla.State.BREACHED),
                        tuple("T4", SupportSla.State.UNKNOWN, SupportSla.State.BREACHED),
                        tuple("T1", SupportSla.State.UNKNOWN, SupportSla.State.PENDING),
                        tuple("T2", SupportSla.State.UNKNOWN, SupportSla.State.PENDING),
                        tuple("T3", SupportSla.State.UNKNOWN, SupportSla.State.MET));
        assertThat(judged.get(0).firstResponse().dueAt()).isEqualTo(Instant.parse("2026-06-14T10:00:00Z"));
    }

    @Test
    void aTicketRaisedAsAnEscalationIsNotRaisedAgainAsABreach() {
        // E2: P2, escalated, open for 2 days (its 1 d resolution target missed): the support_escalation risk raises
        // it; the breach risk names only R3, a P3 resolved 4 days after opening (3 d target)
        ObjectNode support = JSON.createObjectNode().put("averageFirstResponseHours", 1.0);
        ticket(support.putArray("open"), "E2", "P2", ago(48), ago(47), null).put("escalated", true);
        ticket(support.putArray("recentlyResolved"), "R3", "P3", ago(100), ago(99), ago(4));
        List<Risk> risks =
                RiskDetector.detect(facts(JSON.convertValue(support, SupportSection.class)), DefaultThresholds.RISKS);

        assertThat(risks).extracting(Risk::type).containsExactly("support_escalation", "sla_breach");
        assertThat(risks.get(1).severity()).isEqualTo(Severity.LOW);
        assertThat(risks.get(1).evidenceEventIds()).containsExactly("evt_R3");
        assertThat(risks.get(1).signal())
                .isEqualTo("1 ticket(s) missed the support SLA (0 first response(s), 1 resolution(s)); "
                        + "P3 ticket R3 resolved 24 h after its 3 d resolution target");
    }

    @Test
    void configuredTargetsReplaceTheDefaultsOneByOne() {
        // P2's first response tightened to 30 min; its resolution and every other priority keep their defaults
        AggregatorConfig.Support config = () -> Map.of("p2", new AggregatorConfig.Support.SlaTarget() {
            @Override
            public Optional<Duration> firstResponse() {
                return Optional.of(Duration.ofMinutes(30));
            }

            @Override
            public Optional<Duration> resolution() {
                return Optional.empty();
            }
        });
        SupportSla sla = SupportSla.from(config);

        assertThat(sla.targets().get("P2"))
                .isEqualTo(new SupportSla.Target(Duration.ofMinutes(30), Duration.ofDays(1)));
        assertThat(sla.targets().get("P1")).isEqualTo(new SupportSla.Target(Duration.ofHours(1), Duration.ofHours(4)));
        assertThat(sla.targets().get("P3")).isEqualTo(new SupportSla.Target(Duration.ofHours(8), Duration.ofDays(3)));
        assertThat(sla.targets().get("P4")).isEqualTo(new SupportSla.Target(Duration.ofDays(1), Duration.ofDays(7)));
        // T2, answered an hour after opening, now misses the 30 min target by 30 min
        SupportSla.TicketSla t2 = sla.judge(facts(support())).stream()
                .filter(t -> t.ticket().id().equals("T2"))
                .findFirst()
                .orElseThrow();
        assertThat(t2.firstResponse().state()).isEqualTo(SupportSla.State.BREACHED);
        assertThat(t2.firstResponse().minutesLate()).isEqualTo(30L);
    }

    @Test
    void spansReadAsPeopleSayThem() {
        assertThat(List.of(45L, 60L, 90L, 120L, 2879L, 2880L, 3600L, 10080L))
                .extracting(SupportSla::text)
                .containsExactly("45 min", "1 h", "1.5 h", "2 h", "48 h", "2 d", "2.5 d", "7 d");
    }
}
