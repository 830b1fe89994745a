package io.customer360.aggregator.service.trigger;

import io.customer360.aggregator.config.AggregatorConfig;
import io.customer360.common.contract.messages.ProfileChanged;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The seed's Integration Points applied to one {@code profile.changed} message: which skills its events trigger. Each
 * trigger's dedup key names its cause, never the message, so the same events announced again (a redelivery, a replay,
 * another grouping into messages) fire nothing new:
 * <ul>
 * <li>a contact added, changed or removed → stakeholder mapper, once per event;</li>
 * <li>a ticket opened at or raised to P1/P2 → escalation predictor, once per ticket and priority (P2 then P1 is two
 * causes; a later update of a P1 ticket that does not set the priority is none);</li>
 * <li>usage → adoption score, once per customer and UTC day of the usage (the seed refreshes analytics daily);</li>
 * <li>a failed payment or an overdue invoice → dunning, once per payment or invoice.</li>
 * </ul>
 * A health decline and the exit-state routing are decided where health is scored ({@link ViewTriggerRules}).
 */
public final class ChangeTriggerRules {

    private ChangeTriggerRules() {}

    public static List<Trigger> triggers(
            String tenant, String customerId, ProfileChanged message, AggregatorConfig.Triggers rules) {
        List<Trigger> triggers = new ArrayList<>();
        Map<LocalDate, List<ProfileChanged.Change>> usageByDay = new TreeMap<>();
        for (ProfileChanged.Change change : message.changes()) {
            String type = change.eventType();
            if (type == null || change.eventId() == null || change.occurredAt() == null) {
                continue;
            }
            if (rules.contactChanges().contains(type)) {
                String contact = orElse(change.recordId("contact"), change.eventId());
                triggers.add(Trigger.of(
                        tenant,
                        customerId,
                        rules.stakeholderMapper(),
                        type + ":" + contact,
                        List.of(change.eventId()),
                        "event:" + change.eventId(),
                        change.occurredAt()));
            }
            String ticket = change.recordId("ticket");
            if (ticket != null
                    && change.priority() != null
                    && rules.escalationPriorities().contains(change.priority())) {
                triggers.add(Trigger.of(
                        tenant,
                        customerId,
                        rules.escalationPredictor(),
                        "ticket_" + change.priority() + ":" + ticket,
                        List.of(change.eventId()),
                        "ticket:" + ticket + ":" + change.priority(),
                        change.occurredAt()));
            }
            if (rules.usageChanges().contains(type)) {
                usageByDay
                        .computeIfAbsent(
                                LocalDate.ofInstant(change.occurredAt(), ZoneOffset.UTC), day -> new ArrayList<>())
                        .add(change);
            }
            if (rules.paymentIssues().contains(type)) {
                String record =
                        orElse(change.recordId("payment"), orElse(change.recordId("invoice"), change.eventId()));
                triggers.add(Trigger.of(
                        tenant,
                        customerId,
                        rules.dunningAutomation(),
                        type + ":" + record,
                        List.of(change.eventId()),
                        type + ":" + record,
                        change.occurredAt()));
            }
        }
        usageByDay.forEach((day, changes) -> triggers.add(Trigger.of(
                tenant,
                customerId,
                rules.adoptionScore(),
                "usage_change:" + day,
                changes.stream().map(ProfileChanged.Change::eventId).sorted().toList(),
                "usage:" + day,
                changes.stream()
                        .map(ProfileChanged.Change::occurredAt)
                        .max(java.time.Instant::compareTo)
                        .orElseThrow())));
        return triggers;
    }

    private static String orElse(String value, String fallback) {
        return value == null ? fallback : value;
    }
}
