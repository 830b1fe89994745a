package io.customer360.aggregator.service.insight;

import io.customer360.aggregator.domain.insight.Action;
import io.customer360.aggregator.domain.insight.OpenAction;
import io.customer360.aggregator.domain.insight.Opportunity;
import io.customer360.aggregator.domain.insight.Risk;
import io.customer360.aggregator.domain.insight.Severity;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Next best actions from risks, opportunities and the exit state (seed guardrails: owner and timeline for each,
 * prioritized by impact and urgency, only within the requester's scope, at most five). Each cause yields one action
 * with a stable {@code key}; an action still open from an earlier view keeps its open date and due date instead of
 * being recommended anew. The {@code focus} moves the actions it is about to the front.
 */
public final class ActionPlanner {

    public static final int LIMIT = 5;

    private ActionPlanner() {}

    /** What an action is about, for focus ordering. */
    public enum Topic {
        RISK,
        SUPPORT,
        RENEWAL,
        EXPANSION,
        ADOPTION
    }

    /**
     * One action for one cause. {@code outreach}: whom and how it reaches out, when it does; {@code contact} and
     * {@code channel}: whom and how, once {@link ContactPreferences} chose them.
     */
    public record Candidate(
            String key,
            int rank,
            Topic topic,
            String action,
            String owner,
            int dueInDays,
            String skill,
            String cause,
            List<String> evidence,
            Outreach outreach,
            Action.Contact contact,
            String channel) {

        Candidate(
                String key,
                int rank,
                Topic topic,
                String action,
                String owner,
                int dueInDays,
                String skill,
                String cause,
                List<String> evidence) {
            this(key, rank, topic, action, owner, dueInDays, skill, cause, evidence, null, null, null);
        }

        Candidate through(Outreach reaching) {
            return new Candidate(
                    key, rank, topic, action, owner, dueInDays, skill, cause, evidence, reaching, null, null);
        }

        /** The action addressed to one contact through one channel: "Schedule an account check-in: call Dana Wu (champion)". */
        Candidate reaching(Action.Contact person, String how) {
            return new Candidate(
                    key,
                    rank,
                    topic,
                    action + ": " + Outreach.verb(how) + " " + ContactPreferences.who(person),
                    owner,
                    dueInDays,
                    skill,
                    cause,
                    evidence,
                    outreach,
                    person,
                    how);
        }

        Set<String> teams() {
            return Teams.of(owner);
        }
    }

    /** The candidate actions for every cause, before scope, focus and the limit. */
    public static List<Candidate> candidates(List<Risk> risks, List<Opportunity> opportunities, ExitDecision exit) {
        List<Candidate> all = new ArrayList<>();
        for (Risk risk : risks) {
            int rank = risk.severity().ordinal();
            switch (risk.type()) {
                case "support_escalation" ->
                    all.add(new Candidate(
                            "risk:support_escalation",
                            rank,
                            Topic.SUPPORT,
                            "Resolve the active escalation",
                            "Support + CSM",
                            2,
                            "support_ops/escalation_predictor",
                            risk.type(),
                            risk.evidenceEventIds()));
                case "sla_breach" ->
                    all.add(new Candidate(
                            "risk:sla_breach",
                            rank,
                            Topic.SUPPORT,
                            "Bring the tickets past their SLA back on track",
                            "Support",
                            1,
                            null,
                            risk.type(),
                            risk.evidenceEventIds()));
                case "payment_issue" ->
                    all.add(new Candidate(
                                    "risk:payment_issue",
                                    rank,
                                    Topic.RISK,
                                    "Resolve overdue payments with the billing contact",
                                    "Billing",
                                    3,
                                    null,
                                    risk.type(),
                                    risk.evidenceEventIds())
                            .through(Outreach.BILLING));
                case "engagement_drop" ->
                    all.add(new Candidate(
                                    "risk:engagement_drop",
                                    rank,
                                    Topic.RISK,
                                    "Schedule an account check-in",
                                    "CSM",
                                    4,
                                    null,
                                    risk.type(),
                                    risk.evidenceEventIds())
                            .through(Outreach.CHECK_IN));
                case "usage_decline" ->
                    all.add(new Candidate(
                                    "risk:usage_decline",
                                    rank,
                                    Topic.RISK,
                                    "Review the usage decline with the customer",
                                    "CSM",
                                    7,
                                    null,
                                    risk.type(),
                                    risk.evidenceEventIds())
                            .through(Outreach.USAGE_REVIEW));
                case "champion_risk" ->
                    all.add(new Candidate(
                                    "risk:champion_risk",
                                    rank,
                                    Topic.RISK,
                                    "Re-map stakeholders and secure a champion",
                                    "CSM + AE",
                                    7,
                                    null,
                                    risk.type(),
                                    risk.evidenceEventIds())
                            .through(Outreach.CHAMPION));
                case "contract_concern" ->
                    all.add(new Candidate(
                                    "risk:contract_concern",
                                    rank,
                                    Topic.RENEWAL,
                                    "Hold a renewal review with the decision makers",
                                    "CSM + AE",
                                    7,
                                    "customer_success/quarterly_business_review",
                                    risk.type(),
                                    risk.evidenceEventIds())
                            .through(Outreach.RENEWAL_REVIEW));
                default ->
                    all.add(new Candidate(
                            "risk:" + risk.type(),
                            rank,
                            Topic.RISK,
                            risk.recommendation(),
                            "CSM",
                            7,
                            null,
                            risk.type(),
                            risk.evidenceEventIds()));
            }
        }
        if (exit.state() == ExitState.AT_RISK) {
            all.add(new Candidate(
                    "exit:at_risk",
                    Severity.HIGH.ordinal(),
                    Topic.RISK,
                    "Run the risk mitigation playbook",
                    "CSM",
                    2,
                    "customer_success/risk_mitigation_playbook",
                    "at_risk",
                    exit.triggers().stream()
                            .flatMap(t -> t.evidenceEventIds().stream())
                            .distinct()
                            .toList()));
        }
        if (exit.state() == ExitState.RENEWAL_FOCUS) {
            all.add(new Candidate(
                            "exit:renewal_focus",
                            Severity.MEDIUM.ordinal(),
                            Topic.RENEWAL,
                            "Schedule the QBR before renewal",
                            "CSM",
                            7,
                            "customer_success/quarterly_business_review",
                            "renewal_focus",
                            exit.triggers().stream()
                                    .flatMap(t -> t.evidenceEventIds().stream())
                                    .distinct()
                                    .toList())
                    .through(Outreach.QBR));
        }
        for (Opportunity opportunity : opportunities) {
            int rank = Severity.LOW.ordinal() + 1;
            switch (opportunity.type()) {
                case "expansion" ->
                    all.add(new Candidate(
                            "opportunity:expansion",
                            rank,
                            Topic.EXPANSION,
                            "Prepare an expansion proposal",
                            "CSM + AE",
                            14,
                            exit.state() == ExitState.EXPANSION_READY
                                    ? "customer_success/success_plan_generator"
                                    : null,
                            "expansion",
                            opportunity.evidenceEventIds()));
                case "upsell" ->
                    all.add(new Candidate(
                            "opportunity:upsell",
                            rank,
                            Topic.EXPANSION,
                            "Advance the open expansion deal",
                            "AE",
                            14,
                            null,
                            "upsell",
                            opportunity.evidenceEventIds()));
                case "api_upsell", "feature_upsell" ->
                    all.add(new Candidate(
                            "opportunity:" + opportunity.type(),
                            rank,
                            Topic.EXPANSION,
                            opportunity.recommendation(),
                            "CSM + AE",
                            14,
                            null,
                            opportunity.type(),
                            opportunity.evidenceEventIds()));
                default ->
                    all.add(new Candidate(
                            "opportunity:" + opportunity.type(),
                            rank + 1,
                            Topic.ADOPTION,
                            opportunity.recommendation(),
                            "CSM",
                            14,
                            null,
                            opportunity.type(),
                            opportunity.evidenceEventIds()));
            }
        }
        return all;
    }

    /**
     * The top actions for a caller: deduplicated by key, limited to the teams in {@code scope} (null = every team),
     * ordered by focus, then urgency, numbered 1…n; open ones keep their dates.
     */
    public static List<Action> plan(
            List<Candidate> candidates,
            Set<String> scope,
            String focus,
            Map<String, OpenAction> open,
            LocalDate today) {
        Map<String, Candidate> unique = new LinkedHashMap<>();
        candidates.forEach(c -> unique.putIfAbsent(c.key(), c));
        List<Candidate> ordered = unique.values().stream()
                .filter(c -> scope == null || c.teams().stream().anyMatch(scope::contains))
                .sorted(Comparator.comparing((Candidate c) -> focused(c, focus) ? 0 : 1)
                        .thenComparing(Candidate::rank)
                        .thenComparing(Candidate::dueInDays)
                        .thenComparing(Candidate::key))
                .limit(LIMIT)
                .toList();
        List<Action> actions = new ArrayList<>();
        for (Candidate c : ordered) {
            OpenAction earlier = open.get(c.key());
            LocalDate since = earlier == null ? today : earlier.openSince();
            LocalDate due = earlier == null ? today.plusDays(c.dueInDays()) : earlier.dueDate();
            actions.add(new Action(
                    actions.size() + 1,
                    c.action(),
                    c.owner(),
                    due,
                    c.skill(),
                    c.key(),
                    c.cause(),
                    since,
                    c.evidence(),
                    c.contact(),
                    c.channel()));
        }
        return actions;
    }

    static boolean focused(Candidate candidate, String focus) {
        if (focus == null) {
            return false;
        }
        return switch (focus) {
            case "risk", "health" -> candidate.topic() == Topic.RISK || candidate.topic() == Topic.SUPPORT;
            case "support" -> candidate.topic() == Topic.SUPPORT;
            case "renewal" -> candidate.topic() == Topic.RENEWAL;
            case "expansion" -> candidate.topic() == Topic.EXPANSION;
            default -> false;
        };
    }
}
