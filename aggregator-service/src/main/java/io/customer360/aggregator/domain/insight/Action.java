package io.customer360.aggregator.domain.insight;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.LocalDate;
import java.util.List;

/**
 * A recommended action: the seed's {@code priority}, {@code action}, {@code owner}, {@code dueDate},
 * {@code skillTrigger}, extended with {@code key} (stable while the action stays open), {@code cause},
 * {@code openSince}, the events behind it and, for an action that reaches out to someone, the {@code contact} and the
 * {@code channel} (one the contact has not opted out of; else both null).
 */
public record Action(
        int priority,
        String action,
        String owner,
        LocalDate dueDate,
        String skillTrigger,
        String key,
        String cause,
        LocalDate openSince,
        List<String> evidenceEventIds,
        Contact contact,
        String channel) {

    /** The person an action reaches, as profile-service knows them. */
    @RegisterForReflection
    public record Contact(String id, String name, String role) {}
}
