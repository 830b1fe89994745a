package io.customer360.aggregator.client;

import io.customer360.common.api.Page;
import io.customer360.common.api.ProblemException;
import io.customer360.common.api.ProblemType;
import io.customer360.common.api.Upstream;
import io.customer360.common.contract.profile.ContactsSection;
import io.customer360.common.contract.profile.Customer;
import io.customer360.common.contract.profile.CustomerSections;
import io.customer360.common.contract.profile.CustomerSummary;
import io.customer360.common.contract.profile.EngagementSection;
import io.customer360.common.contract.profile.Note;
import io.customer360.common.contract.profile.SalesSection;
import io.customer360.common.contract.profile.SecuritySection;
import io.customer360.common.contract.profile.SubscriptionSection;
import io.customer360.common.contract.profile.SuccessSection;
import io.customer360.common.contract.profile.SupportSection;
import io.customer360.common.contract.profile.UsageSection;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import java.util.Set;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Reads a customer and its 360 sections from profile-service. A 404 there (missing, or another tenant's) is null
 * here; a 403 on a record (its visibility rules withhold it from the caller, whose roles were checked here first) is a
 * 403 problem, which the fan-out reports as withheld; an unreachable or failing profile-service is a 503 problem,
 * never a missing customer.
 */
@ApplicationScoped
public class ProfileClient {

    public static final String SERVICE = "profile-service";
    public static final String WITHHELD = "profile-service withholds it from this caller (a visibility rule)";

    private final ProfileApi api;

    ProfileClient(@RestClient ProfileApi api) {
        this.api = api;
    }

    /** One view's reads of the customer: each part fetched at most once, with the caller's token. */
    public ProfileReads reads(String id) {
        return new ProfileReads(this, id, Set.of());
    }

    /**
     * The same, with the customer and the {@code parts} (names of {@link CustomerSections#PARTS}) read in one call on
     * first use: what a view's providers read, in one round trip instead of one per part.
     */
    public ProfileReads reads(String id, Set<String> parts) {
        return new ProfileReads(this, id, parts);
    }

    /**
     * The customer and the named parts in one answer ({@code GET /customers/{id}/sections}), or null when
     * profile-service does not know the customer; {@code notesLimit} applies when {@code notes} is named.
     */
    public Uni<CustomerSections> sections(String id, Set<String> parts, int notesLimit) {
        return read(api.sections(id, String.join(",", parts), notesLimit));
    }

    /** The customer, or null when profile-service does not know it for the caller's tenant. */
    public Uni<Customer> customer(String id) {
        return read(api.customer(id));
    }

    /** {@code /api/v1/customers/{id}/subscription}, or null when the customer is unknown; likewise each section below. */
    public Uni<SubscriptionSection> subscription(String id) {
        return read(api.subscription(id));
    }

    public Uni<SupportSection> support(String id) {
        return read(api.support(id));
    }

    public Uni<EngagementSection> engagement(String id) {
        return read(api.engagement(id));
    }

    public Uni<UsageSection> usage(String id) {
        return read(api.usage(id));
    }

    public Uni<SalesSection> sales(String id) {
        return read(api.sales(id));
    }

    public Uni<SecuritySection> security(String id) {
        return read(api.security(id));
    }

    public Uni<ContactsSection> contacts(String id) {
        return read(api.contacts(id));
    }

    public Uni<SuccessSection> success(String id) {
        return read(api.success(id));
    }

    /** The newest notes, sensitive ones redacted by profile-service unless the caller may see them. */
    public Uni<Page<Note>> notes(String id, int limit) {
        return read(api.notes(id, limit));
    }

    /**
     * One page of the tenant's customers, ordered by id ({@code GET /api/v1/customers?limit=&cursor=}); {@code cursor}
     * null for the first page. A 400 (a cursor profile-service no longer takes) stays a {@code WebApplicationException}.
     */
    public Uni<Page<CustomerSummary>> customers(int limit, String cursor) {
        return api.customers(limit, cursor);
    }

    private static <T> Uni<T> read(Uni<T> call) {
        return Upstream.nullWhenNotFound(withheldWhenForbidden(call), SERVICE);
    }

    /** A 403 of profile-service is a 403 problem here (withheld), not the 503 of a failing service. */
    static <T> Uni<T> withheldWhenForbidden(Uni<T> call) {
        return call.onFailure(failure -> failure instanceof WebApplicationException web
                        && web.getResponse().getStatus() == 403)
                .transform(failure -> new ProblemException(ProblemType.FORBIDDEN, WITHHELD));
    }
}
