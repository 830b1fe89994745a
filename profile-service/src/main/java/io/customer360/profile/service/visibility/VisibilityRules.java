package io.customer360.profile.service.visibility;

import io.customer360.common.api.ProblemException;
import io.customer360.common.api.ProblemType;
import io.customer360.profile.config.VisibilityConfig;
import io.customer360.profile.domain.catalog.Section;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.StreamSupport;

/**
 * The data owner's half of the 360's segment-based visibility rules: a rule that withholds a part of the view from
 * callers without its roles, for customers in its segments, withholds here the records that part is built from, so no
 * other path (a section endpoint, the timeline, the console, an MCP tool) serves what the view withholds. Every active
 * segment of the customer counts, not only the first. Rules are checked at startup, like the aggregator's.
 */
@Startup
@ApplicationScoped
public class VisibilityRules {

    /** The parts of the 360 view a rule may name (aggregator-service's list). */
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

    /** A part of the view → the sections of the customer here that feed it. Derived parts have none here. */
    static final Map<String, Set<Section>> SECTIONS_OF_PART = Map.of(
            "accountProfile", Set.of(Section.PROFILE),
            "commercialSummary", Set.of(Section.SUBSCRIPTION, Section.PURCHASES),
            "salesPipeline", Set.of(Section.SALES),
            "supportSummary", Set.of(Section.SUPPORT),
            "engagementSummary", Set.of(Section.ENGAGEMENT, Section.CONTACTS),
            "usageSummary", Set.of(Section.USAGE),
            "securitySummary", Set.of(Section.SECURITY),
            "successPlan", Set.of(Section.SUCCESS),
            "keyNotes", Set.of(Section.NOTES, Section.KNOWLEDGE));

    record Rule(String name, Set<String> segments, List<String> parts, Set<String> roles) {

        String reason() {
            return "withheld by visibility rule " + name + ": for " + String.join(", ", segments)
                    + " accounts only roles " + String.join(", ", roles);
        }
    }

    private final List<Rule> rules;
    private final Pool pool;

    @Inject
    VisibilityRules(VisibilityConfig config, Pool pool) {
        this(config.rules(), pool);
    }

    VisibilityRules(Map<String, VisibilityConfig.Rule> configured, Pool pool) {
        this.pool = pool;
        this.rules = configured.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(entry -> {
                    VisibilityConfig.Rule rule = entry.getValue();
                    for (String part : rule.parts()) {
                        if (!PARTS.contains(part)) {
                            throw new IllegalStateException("c360.visibility." + entry.getKey() + ".parts names " + part
                                    + ", which is not a part of the 360 view: " + PARTS);
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

    /** What is withheld from a caller with these roles for this customer; no query when no rule concerns the caller. */
    public Uni<Withheld> of(String tenant, String customerId, Predicate<String> hasRole) {
        List<Rule> concerned = concerned(hasRole);
        if (concerned.isEmpty()) {
            return Uni.createFrom().item(Withheld.NOTHING);
        }
        return segments(tenant, customerId).map(segments -> decide(concerned, segments));
    }

    /**
     * The same decision for a customer whose active segments the caller read already (the profile's {@code segments}):
     * no query.
     */
    public Withheld of(Predicate<String> hasRole, List<String> activeSegments) {
        List<Rule> concerned = concerned(hasRole);
        return concerned.isEmpty() ? Withheld.NOTHING : decide(concerned, lowerCase(activeSegments));
    }

    private List<Rule> concerned(Predicate<String> hasRole) {
        return rules.stream()
                .filter(rule -> rule.roles().stream().noneMatch(hasRole))
                .toList();
    }

    /** Fails with a 403 problem naming the rule when one of the sections is withheld from the caller. */
    public Uni<Void> require(String tenant, String customerId, Predicate<String> hasRole, Section... sections) {
        return of(tenant, customerId, hasRole)
                .invoke(withheld -> {
                    for (Section section : sections) {
                        if (withheld.withholds(section)) {
                            throw new ProblemException(
                                    ProblemType.FORBIDDEN,
                                    "The " + section.wireName() + " of this customer is "
                                            + withheld.sections().get(section));
                        }
                    }
                })
                .replaceWithVoid();
    }

    static Withheld decide(List<Rule> concerned, Set<String> segments) {
        Map<Section, String> sections = new EnumMap<>(Section.class);
        String health = null;
        String exitState = null;
        for (Rule rule : concerned) {
            if (rule.segments().stream().noneMatch(segments::contains)) {
                continue;
            }
            for (String part : rule.parts()) {
                SECTIONS_OF_PART
                        .getOrDefault(part, Set.of())
                        .forEach(section -> sections.putIfAbsent(section, rule.reason()));
                health = health == null && part.equals("healthSummary") ? rule.reason() : health;
                exitState = exitState == null && part.equals("exitState") ? rule.reason() : exitState;
            }
        }
        return sections.isEmpty() && health == null && exitState == null
                ? Withheld.NOTHING
                : new Withheld(Map.copyOf(sections), health, exitState);
    }

    /** The customer's active segments, lower case. */
    private Uni<Set<String>> segments(String tenant, String customerId) {
        return pool.preparedQuery("""
                        SELECT record_id FROM records
                        WHERE tenant = $1 AND customer_id = $2 AND kind = 'segment'
                          AND coalesce((fields -> 'active' ->> 'v')::boolean, true)""")
                .execute(Tuple.of(tenant, customerId))
                .map(rows -> lowerCase(StreamSupport.stream(rows.spliterator(), false)
                        .map((Row row) -> row.getString(0))
                        .toList()));
    }

    private static Set<String> lowerCase(List<String> values) {
        Set<String> lower = new LinkedHashSet<>();
        values.forEach(value -> lower.add(value.toLowerCase(Locale.ROOT)));
        return Set.copyOf(lower);
    }
}
