package io.customer360.aggregator.service.trigger;

import io.customer360.aggregator.config.AggregatorConfig;
import io.customer360.aggregator.service.insight.SkillTrigger;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The triggers a scored view decides, which go through the same log and dedup as those of a change:
 * <ul>
 * <li>the exit-state routing's skills, when the state changes; once per state, cause and day, so a state recorded
 * again by every view, or flapping back within the day, fires once; a routing cause that a change fired already (an
 * escalated P1/P2 ticket) keeps that change's key and fires nothing new;</li>
 * <li>a health decline (the seed's {@code red_flag_detector} "on health decline"): the score at least
 * {@code aggregator.triggers.health-decline-points} below the last one recorded; once per decline (from, to, day); not
 * when the routing runs the same skill for this view already.</li>
 * </ul>
 */
public final class ViewTriggerRules {

    private ViewTriggerRules() {}

    public static List<Trigger> triggers(
            String tenant,
            String customerId,
            boolean stateChanged,
            String exitState,
            List<SkillTrigger> routing,
            Integer previousScore,
            Integer score,
            LocalDate day,
            Instant now,
            AggregatorConfig.Triggers rules) {
        List<Trigger> triggers = new ArrayList<>();
        if (stateChanged) {
            for (SkillTrigger trigger : routing) {
                String causeKey = trigger.causeKey() != null
                        ? trigger.causeKey()
                        : "state:" + exitState + ":" + trigger.cause() + ":" + day;
                triggers.add(Trigger.of(
                        tenant,
                        customerId,
                        trigger.skill(),
                        trigger.cause(),
                        trigger.evidenceEventIds(),
                        causeKey,
                        now));
            }
        }
        // the routing may run the same skill for this view already (at_risk): one run, not two
        boolean running = triggers.stream().anyMatch(t -> t.skill().equals(rules.redFlagDetector()));
        if (!running
                && previousScore != null
                && score != null
                && previousScore - score >= rules.healthDeclinePoints()) {
            triggers.add(Trigger.of(
                    tenant,
                    customerId,
                    rules.redFlagDetector(),
                    "health_decline:" + previousScore + "->" + score,
                    List.of(),
                    "health_decline:" + previousScore + ":" + score + ":" + day,
                    now));
        }
        return triggers;
    }
}
