package io.customer360.aggregator.insight;

import java.time.LocalDate;
import java.util.List;

/**
 * A recommended action: the seed's {@code priority}, {@code action}, {@code owner}, {@code dueDate},
 * {@code skillTrigger}, extended with {@code key} (stable while the action stays open), {@code cause},
 * {@code openSince} and the events behind it.
 */
public record Action(int priority, String action, String owner, LocalDate dueDate, String skillTrigger, String key,
        String cause, LocalDate openSince, List<String> evidenceEventIds) {
}
