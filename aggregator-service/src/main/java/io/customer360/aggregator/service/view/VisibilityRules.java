package io.customer360.aggregator.service.view;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.customer360.aggregator.config.VisibilityConfig;
import io.customer360.aggregator.domain.Customer360;
import io.customer360.aggregator.domain.SectionStatus;
import io.customer360.common.contract.profile.Customer;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.StreamSupport;

/**
 * The seed's segment-based visibility: a rule withholds named parts of the view of an account in named segments from
 * every caller without one of the rule's roles. Every active segment of the account counts. The rules fail closed: when
 * the account's segments are unknown (customer_intelligence failed, timed out or was not asked), every rule the caller
 * lacks a role for applies. A withheld part is present and null, its {@code sections} entry says {@code withheld} and
 * why, and {@code guardrails.redactions} names the rule. Values of a withheld part shown elsewhere go with it: the
 * conflicts between sources that show them, and the ARR and contract end the account profile copies from the
 * subscription. Parts derived from the withheld data (the narrative, risks, actions) are shown unless the rule names
 * them too. profile-service enforces the same rules on the records behind the parts. Rules are checked at startup.
 */
@Startup
@ApplicationScoped
public class VisibilityRules {

    /** The parts of the view a rule may withhold: its data, not its identity or its own guardrails. */
    static final Set<String> PARTS = Set.of(
            "accountProfile",
            "healthSummary",
            "engagementSummary",
            "supportSummary",
            "usageSummary",
            "commercialSummary",
            "keyNarrative",
            "riskIndicators",
            "opportunities",
            "recommendedActions",
            "exitState",
            "narrativeEvidence",
            "successPlan",
            "salesPipeline",
            "securitySummary",
            "enrichment",
            "keyNotes");

    /** Conflicts by record kind → the parts of the view that show their values. */
    private static final Map<String, List<String>> CONFLICTS_SHOWN_IN = Map.of(
            "subscription", List.of("commercialSummary", "accountProfile"), "contact", List.of("engagementSummary"));

    /** Fields of the account profile that copy another part's values → that part. */
    private static final Map<String, String> PROFILE_FIELDS_OF =
            Map.of("arr", "commercialSummary", "contractEnd", "commercialSummary");

    /** One configured rule. */
    public record Rule(String name, Set<String> segments, List<String> parts, Set<String> roles) {}

    private final List<Rule> rules;
    private final ObjectMapper mapper;

    @Inject
    VisibilityRules(VisibilityConfig config, ObjectMapper mapper) {
        this(config.rules(), mapper);
    }

    VisibilityRules(Map<String, VisibilityConfig.Rule> configured, ObjectMapper mapper) {
        this.mapper = mapper;
        this.rules = configured.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(entry -> {
                    VisibilityConfig.Rule rule = entry.getValue();
                    for (String part : rule.parts()) {
                        if (!PARTS.contains(part)) {
                            throw new IllegalStateException("c360.visibility." + entry.getKey() + ".parts names " + part
                                    + ", which is not a part of the view a rule may withhold: " + PARTS);
                        }
                    }
                    if (rule.roles().isEmpty()
                            || rule.segments().isEmpty()
                            || rule.parts().isEmpty()) {
                        throw new IllegalStateException(
                                "c360.visibility." + entry.getKey() + " needs segments, parts and roles");
                    }
                    return new Rule(
                            entry.getKey(),
                            lowerCase(rule.segments()),
                            List.copyOf(rule.parts()),
                            Set.copyOf(rule.roles()));
                })
                .toList();
    }

    /** The rules whose roles the caller has none of: what may be withheld from it, whatever the account. */
    public List<Rule> withheldFrom(Predicate<String> hasRole) {
        return rules.stream()
                .filter(rule -> rule.roles().stream().noneMatch(hasRole))
                .toList();
    }

    /** The rules of {@code withheld} that apply to an account in these segments; all of them when it is unknown (null). */
    public static List<Rule> applicable(List<Rule> withheld, Set<String> segments) {
        return segments == null
                ? withheld
                : withheld.stream()
                        .filter(rule -> rule.segments().stream().anyMatch(segments::contains))
                        .toList();
    }

    /** The active segments of a customer profile-service answered, lower case; null when unknown. */
    public static Set<String> segmentsOf(Customer profile) {
        return profile == null || profile.segments() == null ? null : lowerCase(profile.segments());
    }

    /**
     * The view with the parts of every applicable rule withheld (the view itself when none applies). {@code segments}
     * are the account's, or null when they are unknown: then every rule in {@code withheld} applies.
     */
    public Customer360 apply(Customer360 view, List<Rule> withheld, Set<String> segments) {
        List<Rule> applicable = applicable(withheld, segments);
        if (applicable.isEmpty()) {
            return view;
        }
        ObjectNode json = mapper.valueToTree(view);
        ObjectNode sections = json.withObject("/sections");
        ArrayNode redactions = json.withObject("/guardrails").withArray("redactions");
        for (Rule rule : applicable) {
            for (String part : rule.parts()) {
                json.putNull(part);
                JsonNode before = sections.path(part);
                sections.set(
                        part,
                        mapper.valueToTree(new SectionStatus(
                                SectionStatus.Status.WITHHELD,
                                texts(before.path("providers")),
                                texts(before.path("source")),
                                null,
                                false,
                                null,
                                reason(rule, segments))));
            }
            redactions.add("visibility:" + rule.name());
            withholdConflicts(json, rule.parts());
            withholdProfileCopies(json, rule.parts());
        }
        try {
            return mapper.treeToValue(json, Customer360.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A view with withheld parts cannot be read back", e);
        }
    }

    static String reason(Rule rule, Set<String> segments) {
        String roles = "only roles " + rule.roles().stream().sorted().toList();
        return segments == null
                ? "visibility rule " + rule.name()
                        + ": the account's segments are unknown (its profile did not answer), "
                        + "so it is withheld as for "
                        + String.join(", ", rule.segments().stream().sorted().toList())
                        + " accounts: " + roles
                : "visibility rule " + rule.name() + ": for "
                        + String.join(", ", rule.segments().stream().sorted().toList()) + " accounts " + roles;
    }

    /** A conflict shows the values of a withheld part: it goes with the part (subscription values, contacts' roles). */
    private static void withholdConflicts(ObjectNode json, List<String> withheldParts) {
        JsonNode conflicts = json.path("guardrails").path("conflicts");
        if (!conflicts.isArray()) {
            return;
        }
        for (java.util.Iterator<JsonNode> each = conflicts.iterator(); each.hasNext(); ) {
            String kind = each.next().path("field").asText("");
            List<String> shownIn =
                    CONFLICTS_SHOWN_IN.getOrDefault(kind.substring(0, Math.max(kind.indexOf('.'), 0)), List.of());
            if (shownIn.stream().anyMatch(withheldParts::contains)) {
                each.remove();
            }
        }
    }

    /** The account profile's copies of a withheld part's values (ARR, contract end) are withheld with it. */
    private static void withholdProfileCopies(ObjectNode json, List<String> withheldParts) {
        if (json.path("accountProfile") instanceof ObjectNode profile) {
            PROFILE_FIELDS_OF.forEach((field, part) -> {
                if (withheldParts.contains(part) && profile.has(field)) {
                    profile.putNull(field);
                }
            });
        }
    }

    private static List<String> texts(JsonNode array) {
        return array.isArray()
                ? StreamSupport.stream(array.spliterator(), false)
                        .map(JsonNode::asText)
                        .toList()
                : List.of();
    }

    private static Set<String> lowerCase(List<String> values) {
        Set<String> lower = new LinkedHashSet<>();
        values.forEach(value -> lower.add(value.toLowerCase(Locale.ROOT)));
        return Set.copyOf(lower);
    }
}
