package io.customer360.aggregator.service.insight;

import java.util.List;

/** The exit state the routing chose and the skills it triggers, one per cause. */
public record ExitDecision(ExitState state, List<SkillTrigger> triggers) {}
