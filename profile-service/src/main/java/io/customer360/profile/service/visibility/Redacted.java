package io.customer360.profile.service.visibility;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.customer360.common.contract.profile.Customer;
import io.customer360.profile.domain.catalog.Section;
import java.util.List;

/** A customer's profile as a caller sees it when visibility rules withhold some of it. */
public final class Redacted {

    private Redacted() {}

    /**
     * Withheld account profile: only the id, segments (what the rule turns on), aliases and timestamps stay; withheld
     * commercial data: the lifetime value; withheld health or exit state: those copies of the aggregator's state.
     */
    public static Customer customer(Customer customer, Withheld withheld) {
        if (customer == null || !withheld.any()) {
            return customer;
        }
        boolean profile = withheld.withholds(Section.PROFILE);
        boolean commercial = withheld.withholds(Section.SUBSCRIPTION);
        Customer.Health health = customer.health() == null
                ? null
                : new Customer.Health(
                        withheld.health() != null ? null : customer.health().score(),
                        withheld.health() != null ? null : customer.health().band(),
                        withheld.exitState() != null ? null : customer.health().exitState(),
                        withheld.health() != null && withheld.exitState() != null
                                ? null
                                : customer.health().updatedAt());
        return new Customer(
                customer.id(),
                profile ? null : customer.name(),
                profile ? null : customer.email(),
                profile ? null : customer.phone(),
                profile ? null : customer.company(),
                profile ? null : customer.status(),
                profile ? null : customer.customerSince(),
                profile || commercial ? null : customer.lifetimeValue(),
                profile ? JsonNodeFactory.instance.objectNode() : customer.attributes(),
                profile ? null : customer.tags(),
                profile ? JsonNodeFactory.instance.objectNode() : customer.customFields(),
                customer.segments(),
                health,
                customer.aliases(),
                profile ? List.of() : customer.possibleDuplicates(),
                customer.createdAt(),
                customer.updatedAt());
    }
}
