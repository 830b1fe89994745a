package io.customer360.aggregator.service.reconcile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.customer360.aggregator.domain.Conflict;
import io.customer360.aggregator.domain.EngagementMetrics;
import io.customer360.aggregator.domain.SourceValue;
import io.customer360.aggregator.service.insight.AccountFacts;
import io.customer360.aggregator.service.provider.ProviderResults;
import io.customer360.common.contract.profile.Contact;
import io.customer360.common.contract.profile.ContactsSection;
import io.customer360.common.contract.profile.ReportedValue;
import io.customer360.common.contract.profile.StoredRecord;
import io.customer360.common.contract.profile.Subscription;
import io.customer360.common.contract.profile.SubscriptionSection;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reconciles what sources disagree on, before any insight is drawn: for each field profile-service shows per source
 * (under a record's {@code sources}) with two or more different values, the configured {@link Precedence} chooses one,
 * which is written into the providers' answers where the view reads that field (so the commercial summary, the
 * account profile, the health score, risks and stakeholders all use the chosen value), and the disagreement becomes a
 * {@link Conflict}. Sources that agree, or a single source, are no conflict and change nothing. Pure: no I/O.
 */
public final class Reconciler {

    static final String SUBSCRIPTION = "subscription_details";
    static final String ENGAGEMENT = "engagement_metrics";
    /** Roles profile-service lists a departed contact for (its contacts section). */
    private static final Set<String> KEY_ROLES = Set.of("champion", "executive_sponsor", "decision_maker");
    /**
     * Writes a chosen value into a record by the field's name, as {@code sources} names it: the records hold only
     * strings, numbers, booleans, lists and JSON, so a plain mapper reads them back.
     */
    private static final JsonMapper RECORDS = JsonMapper.builder().build();

    private final Map<String, List<String>> subscriptionPrecedence;
    private final Map<String, List<String>> contactPrecedence;

    public Reconciler(Map<String, List<String>> subscriptionPrecedence, Map<String, List<String>> contactPrecedence) {
        this.subscriptionPrecedence = Map.copyOf(subscriptionPrecedence);
        this.contactPrecedence = Map.copyOf(contactPrecedence);
    }

    /** The providers' answers with chosen values written in, and the conflicts found. */
    public record Reconciled(ProviderResults results, List<Conflict> conflicts) {}

    /** A record with the chosen values written in, and the fields whose shown value changed. */
    private record Chosen<T>(T record, Set<String> changed) {}

    public Reconciled reconcile(ProviderResults results) {
        List<Conflict> conflicts = new ArrayList<>();
        ProviderResults reconciled = results;
        SubscriptionSection subscription = results.data(SUBSCRIPTION, SubscriptionSection.class);
        if (subscription != null
                && subscription.subscription() != null
                && subscription.subscription().sources() != null) {
            SubscriptionSection chosen = reconcileSubscription(subscription, conflicts);
            if (chosen != subscription) {
                reconciled = reconciled.withData(SUBSCRIPTION, chosen);
            }
        }
        EngagementMetrics engagement = results.data(ENGAGEMENT, EngagementMetrics.class);
        if (engagement != null
                && engagement.contacts() != null
                && engagement.contacts().contacts() != null) {
            ContactsSection chosen = reconcileContacts(engagement.contacts(), conflicts);
            if (chosen != engagement.contacts()) {
                reconciled = reconciled.withData(ENGAGEMENT, new EngagementMetrics(engagement.engagement(), chosen));
            }
        }
        return new Reconciled(reconciled, List.copyOf(conflicts));
    }

    /** The section with the chosen values, also where it shows them outside the record (billing, seats); itself when none changed. */
    private SubscriptionSection reconcileSubscription(SubscriptionSection section, List<Conflict> conflicts) {
        Chosen<Subscription> chosen = reconcileRecord(
                section.subscription(),
                section.subscription().sources(),
                Subscription.class,
                "subscription",
                subscriptionPrecedence,
                conflicts);
        Set<String> changed = chosen.changed();
        if (changed.isEmpty()) {
            return section;
        }
        Subscription record = chosen.record();
        SubscriptionSection.Billing billing = section.billing();
        if (billing != null) {
            BigDecimal arr = changed.contains("arr") ? record.arr() : billing.arr();
            if (changed.contains("mrr") && record.arr() == null && record.mrr() != null) {
                // the section derives ARR from MRR when no source reports ARR: derive it from the chosen MRR
                arr = record.mrr().multiply(BigDecimal.valueOf(12));
            }
            billing = new SubscriptionSection.Billing(
                    changed.contains("mrr") ? record.mrr() : billing.mrr(),
                    arr,
                    billing.arrSource(),
                    billing.currency(),
                    changed.contains("renewalDate") ? record.renewalDate() : billing.renewalDate(),
                    changed.contains("contractEndDate") ? record.contractEndDate() : billing.contractEndDate());
        }
        SubscriptionSection.Seats seats = section.seats();
        if (seats != null && (changed.contains("seatsTotal") || changed.contains("seatsUsed"))) {
            Integer total = changed.contains("seatsTotal") ? record.seatsTotal() : seats.total();
            Integer used = changed.contains("seatsUsed") ? record.seatsUsed() : seats.used();
            seats = SubscriptionSection.Seats.of(total, used);
        }
        return new SubscriptionSection(
                record,
                seats,
                billing,
                section.paymentHealth(),
                section.creditBalance(),
                section.recentInvoices(),
                section.recentPayments(),
                section.customerId());
    }

    /** The section with each contact's chosen values and, when a role changed, the stakeholder lists that follow the roles. */
    private ContactsSection reconcileContacts(ContactsSection section, List<Conflict> conflicts) {
        boolean rolesChanged = false;
        boolean changed = false;
        List<Contact> all = new ArrayList<>();
        for (Contact contact : section.contacts()) {
            if (contact.sources() == null) {
                all.add(contact);
                continue;
            }
            Chosen<Contact> chosen =
                    reconcileRecord(contact, contact.sources(), Contact.class, "contact", contactPrecedence, conflicts);
            changed |= !chosen.changed().isEmpty();
            rolesChanged |= chosen.changed().contains("role");
            all.add(chosen.record());
        }
        if (!changed) {
            return section;
        }
        if (!rolesChanged) {
            return new ContactsSection(
                    section.activeContacts(),
                    section.champions(),
                    section.executiveSponsors(),
                    section.departedKeyContacts(),
                    all,
                    section.customerId());
        }
        // the stakeholder lists follow the roles, as profile-service builds them
        List<Contact> active =
                all.stream().filter(c -> !"removed".equals(c.status())).toList();
        return new ContactsSection(
                section.activeContacts(),
                active.stream().filter(c -> "champion".equals(c.role())).toList(),
                active.stream()
                        .filter(c -> "executive_sponsor".equals(c.role()))
                        .toList(),
                all.stream()
                        .filter(c -> "removed".equals(c.status()) && c.role() != null && KEY_ROLES.contains(c.role()))
                        .toList(),
                all,
                section.customerId());
    }

    /** Reconciles every per-source field of one record: the record with the chosen values, and the fields that changed. */
    private static <T extends StoredRecord> Chosen<T> reconcileRecord(
            T record,
            Map<String, List<ReportedValue>> sources,
            Class<T> type,
            String kind,
            Map<String, List<String>> precedence,
            List<Conflict> conflicts) {
        Set<String> changed = new LinkedHashSet<>();
        ObjectNode fields = null;
        for (Map.Entry<String, List<ReportedValue>> field : sources.entrySet()) {
            List<SourceValue> values = values(field.getValue());
            if (distinct(values) < 2) {
                continue;
            }
            Precedence.Choice choice =
                    new Precedence(precedence.getOrDefault(field.getKey(), List.of())).choose(values);
            conflicts.add(new Conflict(
                    kind + "." + field.getKey(),
                    record.id(),
                    new Conflict.Chosen(choice.value().value(), choice.value().source()),
                    choice.rule(),
                    values));
            if (fields == null) {
                fields = RECORDS.valueToTree(record);
            }
            JsonNode shown = fields.get(field.getKey());
            if (shown == null || !same(shown, choice.value().value())) {
                fields.set(field.getKey(), choice.value().value());
                changed.add(field.getKey());
            }
        }
        if (changed.isEmpty()) {
            return new Chosen<>(record, changed);
        }
        try {
            return new Chosen<>(RECORDS.treeToValue(fields, type), changed);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A chosen value does not fit " + kind + "." + changed, e);
        }
    }

    private static List<SourceValue> values(List<ReportedValue> reported) {
        List<SourceValue> values = new ArrayList<>();
        for (ReportedValue value : AccountFacts.listOf(reported)) {
            if (value.source() != null) {
                values.add(new SourceValue(
                        value.source(),
                        value.value() == null ? NullNode.getInstance() : value.value(),
                        AccountFacts.instant(value.at()),
                        value.eventId()));
            }
        }
        return values;
    }

    private static long distinct(List<SourceValue> values) {
        List<JsonNode> seen = new ArrayList<>();
        for (SourceValue value : values) {
            if (seen.stream().noneMatch(other -> same(other, value.value()))) {
                seen.add(value.value());
            }
        }
        return seen.size();
    }

    /** Numbers compare by value (50400 and 50400.0 agree); anything else as JSON. */
    static boolean same(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        return a.equals(b);
    }
}
