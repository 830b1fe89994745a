package io.customer360.aggregator.service.trigger;

import static org.assertj.core.api.Assertions.assertThat;

import io.customer360.aggregator.config.AggregatorConfig;
import io.customer360.common.contract.messages.ProfileChanged;
import io.customer360.common.contract.messages.ProfileChanged.Change;
import io.customer360.common.contract.messages.ProfileChanged.RecordRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChangeTriggerRulesTest {

    private static final AggregatorConfig.Triggers RULES = TriggerDefaults.rules();
    private static final Instant MONDAY = Instant.parse("2026-11-16T10:00:00Z");

    private static Change change(String eventId, String type, Instant at, String kind, String id, String priority) {
        return new Change(
                eventId, type, at, "crm", kind == null ? List.of() : List.of(new RecordRef(kind, id)), priority);
    }

    private static List<Trigger> fire(Change... changes) {
        return ChangeTriggerRules.triggers(
                "acme",
                "c1",
                new ProfileChanged("acme", "c1", List.of(), null, List.of(), MONDAY, List.of(changes)),
                RULES);
    }

    private static List<String> described(List<Trigger> triggers) {
        return triggers.stream()
                .map(t -> t.skill() + " " + t.cause() + " " + t.evidenceEventIds() + " " + t.dedupKey())
                .toList();
    }

    @Test
    void eachIntegrationPointTriggersItsSkillAsTheSeedNamesIt() {
        assertThat(described(fire(
                        change("e1", "contact_updated", MONDAY, "contact", "ct_1", null),
                        change("e2", "ticket_opened", MONDAY, "ticket", "TKT-7", "P1"),
                        change("e3", "session", MONDAY, "session", "s1", null),
                        change("e4", "payment_failed", MONDAY, "payment", "pay_2", null))))
                .containsExactly(
                        "stakeholder_mapper contact_updated:ct_1 [e1] acme:c1:stakeholder_mapper:event:e1",
                        "support_ops/escalation_predictor ticket_P1:TKT-7 [e2] acme:c1:support_ops/escalation_predictor:ticket:TKT-7:P1",
                        "dunning_automation payment_failed:pay_2 [e4] acme:c1:dunning_automation:payment_failed:pay_2",
                        "adoption_score usage_change:2026-11-16 [e3] acme:c1:adoption_score:usage:2026-11-16");
    }

    @Test
    void unrelatedChangesTriggerNothing() {
        assertThat(fire(
                        change("n1", "note", MONDAY, "note", "n1", null),
                        change("a1", "contact_activity", MONDAY, "contact", "ct_1", null),
                        change("t3", "ticket_opened", MONDAY, "ticket", "TKT-8", "P3"),
                        change(
                                "t4",
                                "ticket_updated",
                                MONDAY,
                                "ticket",
                                "TKT-7",
                                null), // a P1 ticket's status, no new priority
                        change("i1", "invoice_paid", MONDAY, "invoice", "INV-1", null),
                        change("p1", "purchase", MONDAY, null, null, null)))
                .isEmpty();
    }

    @Test
    void aTicketRaisedFromP2ToP1IsTwoCausesAndAnotherP1UpdateIsTheSameOne() {
        List<Trigger> p2 = fire(change("u1", "ticket_opened", MONDAY, "ticket", "TKT-7", "P2"));
        List<Trigger> p1 = fire(change("u2", "ticket_updated", MONDAY.plusSeconds(60), "ticket", "TKT-7", "P1"));
        List<Trigger> p1Again = fire(change("u3", "ticket_updated", MONDAY.plusSeconds(120), "ticket", "TKT-7", "P1"));
        assertThat(p2.get(0).dedupKey()).isNotEqualTo(p1.get(0).dedupKey());
        assertThat(p1Again.get(0).dedupKey()).isEqualTo(p1.get(0).dedupKey());
    }

    @Test
    void usageFiresOncePerDayHoweverTheEventsAreGroupedIntoMessages() {
        Change morning = change("s1", "session", MONDAY, "session", "s1", null);
        Change evening = change("s2", "feature_used", MONDAY.plusSeconds(8 * 3600), "feature", "sso", null);
        Change tuesday =
                change("s3", "active_users", MONDAY.plusSeconds(24 * 3600), "active_users", "2026-11-17", null);

        List<String> together =
                fire(morning, evening, tuesday).stream().map(Trigger::dedupKey).toList();
        List<String> apart = new ArrayList<>();
        for (Change change : List.of(morning, evening, tuesday)) {
            fire(change).forEach(t -> apart.add(t.dedupKey()));
        }
        assertThat(together)
                .containsExactly("acme:c1:adoption_score:usage:2026-11-16", "acme:c1:adoption_score:usage:2026-11-17");
        assertThat(apart).containsOnlyElementsOf(together);
        assertThat(fire(morning, evening).get(0).evidenceEventIds()).containsExactly("s1", "s2");
    }

    @Test
    void aChangeWithoutIdTypeOrTimeIsSkippedNotGuessed() {
        assertThat(fire(
                        change(null, "contact_added", MONDAY, "contact", "ct_1", null),
                        change("x", null, MONDAY, "contact", "ct_1", null),
                        change("y", "contact_added", null, "contact", "ct_1", null)))
                .isEmpty();
    }
}
