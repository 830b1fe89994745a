package io.customer360.aggregator.view;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.customer360.aggregator.config.AggregatorConfig;
import io.customer360.aggregator.domain.Customer360;
import io.customer360.aggregator.domain.SectionStatus;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The seed's segment-based visibility: a rule withholds named parts of the view of an account in named segments from
 * every caller without one of the rule's roles. A withheld part is present and null, its {@code sections} entry says
 * {@code withheld} and why, and {@code guardrails.redactions} names the rule. Parts derived from the withheld data
 * (the narrative, risks, actions) are shown unless the rule names them too; conflicts between sources, which show the
 * withheld values, go with the part. Rules are checked at startup.
 */
@Startup
@ApplicationScoped
public class VisibilityRules {

    /** The parts of the view a rule may withhold: its data, not its identity or its own guardrails. */
    static final Set<String> PARTS = Set.of("accountProfile", "healthSummary", "engagementSummary", "supportSummary",
            "usageSummary", "commercialSummary", "keyNarrative", "riskIndicators", "opportunities", "recommendedActions",
            "exitState", "narrativeEvidence", "successPlan", "salesPipeline", "securitySummary", "enrichment", "keyNotes");

    /** Conflicts by record kind → the parts of the view that show their values. */
    private static final Map<String, List<String>> CONFLICTS_SHOWN_IN = Map.of(
            "subscription", List.of("commercialSummary", "accountProfile"), "contact", List.of("engagementSummary"));

    /** One configured rule. */
    public record Rule(String name, Set<String> segments, List<String> parts, Set<String> roles) {
    }

    private final List<Rule> rules;
    private final ObjectMapper mapper;

    @Inject
    VisibilityRules(AggregatorConfig config, ObjectMapper mapper) {
        this(config.visibility(), mapper);
    }

    VisibilityRules(Map<String, AggregatorConfig.Visibility> configured, ObjectMapper mapper) {
        this.mapper = mapper;
        this.rules = configured.entrySet().stream().sorted(Map.Entry.comparingByKey()).map(entry -> {
            AggregatorConfig.Visibility rule = entry.getValue();
            for (String part : rule.parts()) {
                if (!PARTS.contains(part)) {
                    throw new IllegalStateException("aggregator.visibility." + entry.getKey() + ".parts names " + part
                            + ", which is not a part of the view a rule may withhold: " + PARTS);
                }
            }
            if (rule.roles().isEmpty() || rule.segments().isEmpty()) {
                throw new IllegalStateException("aggregator.visibility." + entry.getKey() + " needs segments and roles");
            }
            return new Rule(entry.getKey(), Set.copyOf(rule.segments().stream().map(s -> s.toLowerCase(Locale.ROOT)).toList()),
                    List.copyOf(rule.parts()), Set.copyOf(rule.roles()));
        }).toList();
    }

    /** The rules whose roles the caller has none of: what may be withheld from it, whatever the account. */
    public List<Rule> withheldFrom(Predicate<String> hasRole) {
        return rules.stream().filter(rule -> rule.roles().stream().noneMatch(hasRole)).toList();
    }

    /** The view with the parts of every applicable rule withheld (the view itself when none applies). */
    public Customer360 apply(Customer360 view, List<Rule> withheld) {
        String segment = view.accountProfile() == null ? null : view.accountProfile().path("segment").asText(null);
        List<Rule> applicable = segment == null ? List.of()
                : withheld.stream().filter(rule -> rule.segments().contains(segment.toLowerCase(Locale.ROOT))).toList();
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
                sections.set(part, mapper.valueToTree(new SectionStatus(SectionStatus.Status.WITHHELD,
                        texts(before.path("providers")), texts(before.path("source")), null, false, null,
                        "visibility rule " + rule.name() + ": for " + segment + " accounts only roles " + rule.roles())));
            }
            redactions.add("visibility:" + rule.name());
            withholdConflicts(json, rule.parts());
        }
        try {
            return mapper.treeToValue(json, Customer360.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A view with withheld parts cannot be read back", e);
        }
    }

    /** A conflict shows the values of a withheld part: it goes with the part (subscription values, contacts' roles). */
    private static void withholdConflicts(ObjectNode json, List<String> withheldParts) {
        JsonNode conflicts = json.path("guardrails").path("conflicts");
        if (!conflicts.isArray()) {
            return;
        }
        for (java.util.Iterator<JsonNode> each = conflicts.iterator(); each.hasNext(); ) {
            String kind = each.next().path("field").asText("");
            List<String> shownIn = CONFLICTS_SHOWN_IN.getOrDefault(kind.substring(0, Math.max(kind.indexOf('.'), 0)), List.of());
            if (shownIn.stream().anyMatch(withheldParts::contains)) {
                each.remove();
            }
        }
    }

    private static List<String> texts(JsonNode array) {
        return array.isArray() ? java.util.stream.StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList()
                : List.of();
    }
}
