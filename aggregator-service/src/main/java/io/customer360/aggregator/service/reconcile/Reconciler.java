package io.customer360.aggregator.service.reconcile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.customer360.aggregator.domain.Conflict;
import io.customer360.aggregator.domain.SourceValue;
import io.customer360.aggregator.service.insight.AccountFacts;
import io.customer360.aggregator.service.provider.ProviderResults;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashSet;
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
    /** Subscription fields the subscription section also shows outside the record: field → {object, key} there. */
    private static final Map<String, List<String>> SUBSCRIPTION_COPIES = Map.of(
            "arr", List.of("billing", "arr"), "mrr", List.of("billing", "mrr"),
            "renewalDate", List.of("billing", "renewalDate"), "contractEndDate", List.of("billing", "contractEndDate"),
            "seatsTotal", List.of("seats", "total"), "seatsUsed", List.of("seats", "used"));
    /** Roles profile-service lists a departed contact for (its contacts section). */
    private static final Set<String> KEY_ROLES = Set.of("champion", "executive_sponsor", "decision_maker");

    private final Map<String, List<String>> subscriptionPrecedence;
    private final Map<String, List<String>> contactPrecedence;

    public Reconciler(Map<String, List<String>> subscriptionPrecedence, Map<String, List<String>> contactPrecedence) {
        this.subscriptionPrecedence = Map.copyOf(subscriptionPrecedence);
        this.contactPrecedence = Map.copyOf(contactPrecedence);
    }

    /** The providers' answers with chosen values written in, and the conflicts found. */
    public record Reconciled(ProviderResults results, List<Conflict> conflicts) {
    }

    public Reconciled reconcile(ProviderResults results) {
        List<Conflict> conflicts = new ArrayList<>();
        ProviderResults reconciled = results;
        JsonNode subscription = results.data(SUBSCRIPTION);
        if (subscription != null && subscription.path("subscription").path("sources").isObject()) {
            ObjectNode section = subscription.deepCopy();
            if (reconcileSubscription(section, conflicts)) {
                reconciled = reconciled.withData(SUBSCRIPTION, section);
            }
        }
        JsonNode engagement = results.data(ENGAGEMENT);
        if (engagement != null && engagement.path("contacts").path("contacts").isArray()) {
            ObjectNode section = engagement.deepCopy();
            if (reconcileContacts((ObjectNode) section.get("contacts"), conflicts)) {
                reconciled = reconciled.withData(ENGAGEMENT, section);
            }
        }
        return new Reconciled(reconciled, List.copyOf(conflicts));
    }

    private boolean reconcileSubscription(ObjectNode section, List<Conflict> conflicts) {
        ObjectNode record = (ObjectNode) section.get("subscription");
        Set<String> changed = reconcileRecord(record, "subscription", subscriptionPrecedence, conflicts);
        for (String field : changed) {
            List<String> copy = SUBSCRIPTION_COPIES.get(field);
            if (copy != null && section.path(copy.get(0)).isObject()) {
                ((ObjectNode) section.get(copy.get(0))).set(copy.get(1), record.get(field));
            }
        }
        if (changed.contains("mrr") && !record.hasNonNull("arr") && section.path("billing").isObject()) {
            // the section derives ARR from MRR when no source reports ARR: derive it from the chosen MRR
            ((ObjectNode) section.get("billing")).put("arr", record.get("mrr").decimalValue().multiply(BigDecimal.valueOf(12)));
        }
        if ((changed.contains("seatsTotal") || changed.contains("seatsUsed")) && section.path("seats").isObject()) {
            ObjectNode seats = (ObjectNode) section.get("seats");
            JsonNode total = seats.path("total");
            JsonNode used = seats.path("used");
            seats.put("utilization", total.isNumber() && used.isNumber() && total.asInt() > 0
                    ? BigDecimal.valueOf(used.asDouble() / total.asDouble()).setScale(3, RoundingMode.HALF_UP) : null);
        }
        return !changed.isEmpty();
    }

    private boolean reconcileContacts(ObjectNode section, List<Conflict> conflicts) {
        boolean rolesChanged = false;
        boolean changed = false;
        for (JsonNode contact : section.get("contacts")) {
            if (contact.isObject() && contact.path("sources").isObject()) {
                Set<String> fields = reconcileRecord((ObjectNode) contact, "contact", contactPrecedence, conflicts);
                changed |= !fields.isEmpty();
                rolesChanged |= fields.contains("role");
            }
        }
        if (rolesChanged) {
            // the stakeholder lists follow the roles, as profile-service builds them
            List<JsonNode> all = AccountFacts.list(section.get("contacts"));
            List<JsonNode> active = all.stream().filter(c -> !"removed".equals(c.path("status").asText())).toList();
            section.set("champions", array(section, active.stream().filter(c -> "champion".equals(c.path("role").asText())).toList()));
            section.set("executiveSponsors", array(section,
                    active.stream().filter(c -> "executive_sponsor".equals(c.path("role").asText())).toList()));
            section.set("departedKeyContacts", array(section, all.stream().filter(c -> "removed".equals(c.path("status").asText())
                    && KEY_ROLES.contains(c.path("role").asText())).toList()));
        }
        return changed;
    }

    /** Reconciles every per-source field of one record; answers the fields whose shown value changed. */
    private static Set<String> reconcileRecord(ObjectNode record, String kind, Map<String, List<String>> precedence,
            List<Conflict> conflicts) {
        Set<String> changed = new HashSet<>();
        record.get("sources").fields().forEachRemaining(field -> {
            List<SourceValue> values = values(field.getValue());
            if (distinct(values) < 2) {
                return;
            }
            Precedence.Choice choice = new Precedence(precedence.getOrDefault(field.getKey(), List.of())).choose(values);
            conflicts.add(new Conflict(kind + "." + field.getKey(), record.path("id").asText(null),
                    new Conflict.Chosen(choice.value().value(), choice.value().source()), choice.rule(), values));
            if (!same(record.path(field.getKey()), choice.value().value())) {
                record.set(field.getKey(), choice.value().value());
                changed.add(field.getKey());
            }
        });
        return changed;
    }

    private static List<SourceValue> values(JsonNode reported) {
        List<SourceValue> values = new ArrayList<>();
        for (JsonNode value : AccountFacts.list(reported)) {
            if (value.hasNonNull("source") && value.has("value")) {
                values.add(new SourceValue(value.get("source").asText(), value.get("value"), AccountFacts.instant(value.path("at")),
                        value.path("eventId").asText(null)));
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

    private static ArrayNode array(ObjectNode owner, List<JsonNode> items) {
        ArrayNode array = owner.arrayNode();
        items.forEach(array::add);
        return array;
    }
}
