package io.customer360.aggregator.service.provider;

import io.customer360.aggregator.client.ProfileReads;
import io.smallrye.mutiny.Uni;
import java.util.Set;

/**
 * One independent source of context about a customer (context-providers.md). A provider is a bean implementing
 * this interface; naming it in an agent's provider list ({@code aggregator.agents.<agent>}) puts it into that
 * agent's views. Providers run in parallel, each under its own time budget, and a failing one never fails a view.
 */
public interface ContextProvider {

    /** The provider's name as configuration and the response's {@code sections} map use it (snake_case). */
    String name();

    /** The service the data comes from, for the section's {@code source}. */
    String source();

    /**
     * The provider's data for one customer of the caller's tenant (profile-service's sections as their records of
     * {@code io.customer360.common.contract.profile}); null when the source does not know the customer.
     */
    Uni<?> fetch(String customerId);

    /**
     * The same, within one view: a provider that reads profile-service reads its parts through the view's
     * {@code profile}, so each part is fetched once however many providers read it. Others ignore it.
     */
    default Uni<?> fetch(String customerId, ProfileReads profile) {
        return fetch(customerId);
    }

    /**
     * The parts of profile-service's 360 sections this provider reads through the view's {@code profile} (names of
     * {@code CustomerSections.PARTS}): a view reads the customer and every part its providers name in one call.
     */
    default Set<String> profileParts() {
        return Set.of();
    }
}
