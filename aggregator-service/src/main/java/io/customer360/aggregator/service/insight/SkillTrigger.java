package io.customer360.aggregator.service.insight;

import java.util.List;

/**
 * A skill the routing triggers ({@code support_ops/escalation_predictor}, as the seed writes them) and why:
 * {@code cause} names the rule that fired, {@code evidenceEventIds} the events behind it. {@code causeKey}, when not
 * null, is the cause as a change trigger names it (an escalated ticket: {@code ticket:TKT-7:P1}), so the routing and
 * the change that caused it fire the skill once between them; null: the state change itself is the cause.
 */
public record SkillTrigger(String skill, String cause, List<String> evidenceEventIds, String causeKey) {

    public SkillTrigger(String skill, String cause, List<String> evidenceEventIds) {
        this(skill, cause, evidenceEventIds, null);
    }
}
