package io.customer360.aggregator.insight;

import java.util.List;

/**
 * A skill the routing triggers ({@code support_ops/escalation_predictor}, as the seed writes them) and why:
 * {@code cause} names the rule that fired, {@code evidenceEventIds} the events behind it.
 */
public record SkillTrigger(String skill, String cause, List<String> evidenceEventIds) {
}
