package io.customer360.aggregator.service.view;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.customer360.aggregator.config.AggregatorConfig;
import io.customer360.aggregator.config.ReconciliationConfig;
import io.customer360.aggregator.domain.Customer360;
import io.customer360.aggregator.domain.Guardrails;
import io.customer360.aggregator.domain.HealthTrend;
import io.customer360.aggregator.domain.ProviderReport;
import io.customer360.aggregator.domain.SectionStatus;
import io.customer360.aggregator.domain.insight.Action;
import io.customer360.aggregator.domain.insight.HealthScore;
import io.customer360.aggregator.domain.insight.Narrative;
import io.customer360.aggregator.domain.insight.OpenAction;
import io.customer360.aggregator.domain.insight.Opportunity;
import io.customer360.aggregator.domain.insight.Risk;
import io.customer360.aggregator.service.insight.AccountFacts;
import io.customer360.aggregator.service.insight.ActionPlanner;
import io.customer360.aggregator.service.insight.ContactPreferences;
import io.customer360.aggregator.service.insight.ExitDecision;
import io.customer360.aggregator.service.insight.ExitStateRouter;
import io.customer360.aggregator.service.insight.HealthScorer;
import io.customer360.aggregator.service.insight.NarrativeWriter;
import io.customer360.aggregator.service.insight.OpportunityFinder;
import io.customer360.aggregator.service.insight.RiskDetector;
import io.customer360.aggregator.service.insight.SkillTrigger;
import io.customer360.aggregator.service.insight.SupportSla;
import io.customer360.aggregator.service.provider.ProviderOutcome;
import io.customer360.aggregator.service.provider.ProviderRegistry;
import io.customer360.aggregator.service.provider.ProviderResults;
import io.customer360.aggregator.service.reconcile.Reconciler;
import io.customer360.aggregator.store.AccountStates;
import io.customer360.common.contract.profile.SalesSection;
import io.customer360.common.contract.profile.SecuritySection;
import io.customer360.common.contract.profile.StoredRecord;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Builds the view from the providers' outcomes, once sources that disagree are reconciled: the seed's sections, the
 * account health (the {@code account_health} provider: score, risks, opportunities, exit state, actions respecting
 * contacts' communication preferences, narrative) and the guardrails — section status with freshness and completeness,
 * the minimum data requirements, what was redacted, the conflicts between sources and how preferences changed actions.
 */
@ApplicationScoped
public class ViewBuilder {

    private final AggregatorConfig config;
    private final ProviderRegistry registry;
    private final Reconciler reconciler;
    private final ObjectMapper mapper;

    ViewBuilder(
            AggregatorConfig config,
            ReconciliationConfig reconciliation,
            ProviderRegistry registry,
            ObjectMapper mapper) {
        this.config = config;
        this.registry = registry;
        this.reconciler = new Reconciler(reconciliation.subscription(), reconciliation.contact());
        this.mapper = mapper;
    }

    /**
     * A built view and what to remember of it.
     *
     * @param recordable the evidence was complete (every provider the insights read answered): its health, actions
     *                   and state may be stored and published; a narrower agent's view or a partial one never changes them
     */
    public record Built(
            Customer360 view,
            HealthScore health,
            List<OpenAction> openActions,
            List<SkillTrigger> triggers,
            boolean recordable) {}

    public Built build(
            String customerId,
            String agent,
            String focus,
            ProviderResults answered,
            AccountStates.Prior prior,
            Instant now) {
        // sources that disagree are reconciled first, so every section, score and action uses the chosen values
        Reconciler.Reconciled reconciled = reconciler.reconcile(answered);
        ProviderResults results = reconciled.results();
        AccountFacts facts = AccountFacts.from(results, now);
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        boolean assess = registry.assessesHealth(agent);

        HealthScore health = HealthScorer.score(facts);
        HealthTrend trend = HealthTrend.between(health, prior.reference());
        SupportSla sla = SupportSla.from(config.support());
        List<SupportSla.TicketSla> judged = sla.judge(facts);
        List<Risk> risks = assess ? RiskDetector.detect(facts, config.risks(), judged) : List.of();
        List<Opportunity> opportunities = assess ? OpportunityFinder.find(facts, config.routing()) : List.of();
        ExitDecision exit = assess
                ? ExitStateRouter.route(health, risks, opportunities, facts, config.routing())
                : new ExitDecision(null, List.of());
        ContactPreferences.Reached reached =
                ContactPreferences.apply(ActionPlanner.candidates(risks, opportunities, exit), facts.contacts());
        List<ActionPlanner.Candidate> candidates = reached.candidates();
        List<OpenAction> open = candidates.stream()
                .map(c -> prior.openActions()
                        .getOrDefault(c.key(), new OpenAction(c.key(), today, today.plusDays(c.dueInDays()))))
                .distinct()
                .toList();
        Map<String, OpenAction> openByKey = new LinkedHashMap<>();
        open.forEach(o -> openByKey.putIfAbsent(o.key(), o));
        List<Action> actions = ActionPlanner.plan(candidates, scope(agent), focus, openByKey, today);
        Narrative narrative =
                NarrativeWriter.write(facts, health, trend.delta(), focusedRisks(risks, focus), opportunities);

        Map<String, JsonNode> body = new LinkedHashMap<>();
        body.put(
                "accountProfile",
                results.data("customer_intelligence") == null ? null : ViewSections.accountProfile(facts));
        body.put("healthSummary", assess ? ViewSections.healthSummary(health, trend) : null);
        body.put("engagementSummary", facts.hasEngagement() ? ViewSections.engagementSummary(facts) : null);
        body.put("supportSummary", facts.hasSupport() ? ViewSections.supportSummary(facts, sla, judged) : null);
        body.put("usageSummary", facts.hasUsage() ? ViewSections.usageSummary(facts) : null);
        body.put("commercialSummary", facts.hasSubscription() ? ViewSections.commercialSummary(facts) : null);
        body.put("successPlan", facts.hasProfile() ? ViewSections.successPlan(facts) : null);
        // shown as profile-service answers them
        body.put("salesPipeline", tree(results.data("sales_pipeline", SalesSection.class)));
        body.put("securitySummary", tree(results.data("security_context", SecuritySection.class)));
        body.put("enrichment", results.data("enrichment", JsonNode.class));

        Map<String, SectionStatus> sections = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> section : body.entrySet()) {
            sections.put(
                    section.getKey(), status(section.getKey(), section.getValue(), results, facts, assess, health));
        }
        List<String> requested = ViewSections.DATA_SECTIONS.stream()
                .filter(s -> sections.get(s).status() != SectionStatus.Status.NOT_REQUESTED)
                .toList();
        long available =
                requested.stream().filter(s -> sections.get(s).available()).count();
        double completeness = requested.isEmpty() ? 0 : Math.round(100.0 * available / requested.size()) / 100.0;

        ArrayNode keyNotes = facts.hasProfile() ? ViewSections.keyNotes(facts) : null;
        long redactedNotes = keyNotes == null
                ? 0
                : facts.notes().stream()
                        .filter(n -> Boolean.TRUE.equals(n.redacted()))
                        .count();
        List<String> missing = new ArrayList<>();
        if (!sections.get("accountProfile").available()) {
            missing.add("account");
        }
        if (!facts.hasUsageData()) {
            missing.add("usage");
        }
        if (!facts.hasSupport()) {
            missing.add("support");
        }
        boolean recordable = assess && AccountFacts.completeEvidence(results);
        Guardrails guardrails = new Guardrails(
                missing.isEmpty(),
                missing,
                sections.entrySet().stream()
                        .filter(e -> e.getValue().stale())
                        .map(Map.Entry::getKey)
                        .toList(),
                sections.entrySet().stream()
                        .filter(e -> e.getValue().missingShare() != null
                                && e.getValue().missingShare()
                                        > config.staleness().incompleteAbove())
                        .map(Map.Entry::getKey)
                        .toList(),
                redactedNotes == 0 ? List.of() : List.of("notes:" + redactedNotes),
                reconciled.conflicts(),
                reached.notes(),
                notPublished(assess, recordable, missing));

        Map<String, ProviderReport> providers = new LinkedHashMap<>();
        results.all()
                .forEach((name, outcome) -> providers.put(
                        name,
                        new ProviderReport(
                                outcome.status().name().toLowerCase(Locale.ROOT),
                                outcome.latency().toMillis(),
                                outcome.reason())));

        Customer360 view = new Customer360(
                customerId,
                now,
                completeness,
                body.get("accountProfile"),
                body.get("healthSummary"),
                body.get("engagementSummary"),
                body.get("supportSummary"),
                body.get("usageSummary"),
                body.get("commercialSummary"),
                assess ? narrative.text() : null,
                risks,
                opportunities,
                actions,
                exit.state() == null ? null : exit.state().wire(),
                prior.recentTriggers(),
                sections,
                agent,
                focus,
                assess ? narrative.sentences() : List.of(),
                guardrails,
                providers,
                body.get("successPlan"),
                body.get("salesPipeline"),
                body.get("securitySummary"),
                body.get("enrichment"),
                keyNotes == null ? NullNode.getInstance() : keyNotes);
        return new Built(view, health, open, exit.triggers(), recordable);
    }

    /** Why the recorder will not act on this view (ViewRecorder), or null when it will. */
    private static String notPublished(boolean assess, boolean recordable, List<String> missing) {
        if (!assess) {
            return null;
        }
        if (!missing.isEmpty()) {
            return "minimum data missing (" + String.join(", ", missing)
                    + "): no exit state is published and no skill is triggered from this view";
        }
        return recordable
                ? null
                : "an input of the insights failed, ran late or was withheld: nothing is recorded or published from this view";
    }

    private JsonNode tree(Object section) {
        return section == null ? null : mapper.valueToTree(section);
    }

    /** With focus risk/health the narrative leads with the most severe risks; otherwise it is already in that order. */
    private static List<Risk> focusedRisks(List<Risk> risks, String focus) {
        if (!"support".equals(focus)) {
            return risks;
        }
        List<Risk> ordered = new ArrayList<>(risks.stream()
                .filter(r -> r.type().equals("support_escalation"))
                .toList());
        risks.stream().filter(r -> !r.type().equals("support_escalation")).forEach(ordered::add);
        return ordered;
    }

    private Set<String> scope(String agent) {
        List<String> teams = config.scopes().get(agent);
        return teams == null || teams.contains("all") ? null : new HashSet<>(teams);
    }

    private SectionStatus status(
            String section,
            JsonNode data,
            ProviderResults results,
            AccountFacts facts,
            boolean assess,
            HealthScore health) {
        List<String> providers = ViewSections.PROVIDERS_OF.get(section);
        if (section.equals("healthSummary")) {
            if (!assess) {
                return new SectionStatus(
                        SectionStatus.Status.NOT_REQUESTED,
                        providers,
                        List.of(),
                        null,
                        false,
                        null,
                        "account_health is not in this agent's provider set");
            }
            if (health.overall() == null) {
                return new SectionStatus(
                        SectionStatus.Status.UNAVAILABLE,
                        providers,
                        List.of("aggregator-service"),
                        null,
                        false,
                        1.0,
                        "no health dimension has data");
            }
            boolean partial = health.completeness() < 1;
            return new SectionStatus(
                    partial ? SectionStatus.Status.PARTIAL : SectionStatus.Status.COMPLETE,
                    providers,
                    List.of("aggregator-service"),
                    facts.now(),
                    false,
                    Math.round(100 * (1 - health.completeness())) / 100.0,
                    partial ? "dimensions without data are left out and the weights renormalized" : null);
        }
        String provider = providers.get(0);
        ProviderOutcome outcome = results.outcome(provider);
        if (outcome == null) {
            return new SectionStatus(
                    SectionStatus.Status.NOT_REQUESTED,
                    providers,
                    List.of(),
                    null,
                    false,
                    null,
                    provider + " is not in this agent's provider set");
        }
        if (outcome.status() == ProviderOutcome.Status.WITHHELD) {
            return new SectionStatus(
                    SectionStatus.Status.WITHHELD,
                    providers,
                    List.of(outcome.source()),
                    null,
                    false,
                    null,
                    outcome.reason());
        }
        if (!outcome.ok() || data == null) {
            return new SectionStatus(
                    SectionStatus.Status.UNAVAILABLE,
                    providers,
                    List.of(outcome.source()),
                    null,
                    false,
                    null,
                    outcome.reason());
        }
        Instant fresh = freshAsOf(section, facts);
        Duration threshold = staleAfter(section);
        boolean stale =
                fresh != null && threshold != null && fresh.isBefore(facts.now().minus(threshold));
        double missingShare = ViewSections.missingShare(data);
        boolean incomplete = missingShare > config.staleness().incompleteAbove();
        SectionStatus.Status status = stale
                ? SectionStatus.Status.STALE
                : incomplete ? SectionStatus.Status.PARTIAL : SectionStatus.Status.COMPLETE;
        String reason = stale
                ? "newest data is from " + fresh + ", older than " + threshold.toHours() + " h"
                : incomplete ? Math.round(missingShare * 100) + " % of its fields are unknown" : null;
        return new SectionStatus(status, providers, List.of(outcome.source()), fresh, stale, missingShare, reason);
    }

    private Duration staleAfter(String section) {
        AggregatorConfig.Staleness staleness = config.staleness();
        return switch (section) {
            case "engagementSummary" -> staleness.engagement();
            case "supportSummary" -> staleness.support();
            case "usageSummary" -> staleness.usage();
            case "commercialSummary" -> staleness.commercial();
            case "successPlan" -> staleness.customerSuccess();
            default -> null;
        };
    }

    /** The time of the newest data a section rests on, or null when its source reported none. */
    private static Instant freshAsOf(String section, AccountFacts facts) {
        return switch (section) {
            case "accountProfile" -> facts.profileUpdatedAt();
            case "engagementSummary" ->
                newest(
                        java.util.Arrays.asList(facts.lastMeetingAt(), facts.lastTouchpointAt(), facts.lastLoginAt()),
                        Function.identity());
            case "supportSummary" -> newest(facts.openTicketList(), t -> AccountFacts.instant(t.lastChangedAt()));
            case "usageSummary" -> facts.lastUsageAt();
            case "commercialSummary" -> {
                List<StoredRecord> records = new ArrayList<>(facts.recentInvoices());
                records.addAll(facts.recentPayments());
                records.add(facts.currentSubscription());
                yield newest(records, r -> AccountFacts.instant(r.lastChangedAt()));
            }
            case "successPlan" -> newest(facts.milestones(), m -> AccountFacts.instant(m.lastChangedAt()));
            default -> null;
        };
    }

    private static <T> Instant newest(List<T> items, Function<T, Instant> time) {
        return items.stream()
                .filter(java.util.Objects::nonNull)
                .map(time)
                .filter(java.util.Objects::nonNull)
                .max(Instant::compareTo)
                .orElse(null);
    }
}
