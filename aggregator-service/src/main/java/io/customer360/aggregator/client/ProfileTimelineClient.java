package io.customer360.aggregator.client;

import io.customer360.common.api.Page;
import io.customer360.common.api.Upstream;
import io.customer360.common.contract.profile.SearchResults;
import io.customer360.common.contract.profile.TimelineEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Reads a customer's timeline and searches customers in profile-service, as its contract records. A 404 (missing, or
 * another tenant's customer) is null; any other failure is a 503 problem naming profile-service.
 */
@ApplicationScoped
public class ProfileTimelineClient {

    private static final String SERVICE = "profile-service";

    private final ProfileTimelineApi api;

    ProfileTimelineClient(@RestClient ProfileTimelineApi api) {
        this.api = api;
    }

    /** One page of the timeline, newest first ({@code {items, nextCursor}}), or null when the customer is unknown. */
    public Uni<Page<TimelineEvent>> timeline(String customerId, String type, Integer limit, String cursor) {
        return Upstream.nullWhenNotFound(api.timeline(customerId, type, limit, cursor), SERVICE);
    }

    /** The search results, best first ({@code {query, items}}). */
    public Uni<SearchResults> search(String query, Integer limit) {
        return Upstream.nullWhenNotFound(api.search(query, limit), SERVICE);
    }
}
