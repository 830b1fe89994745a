package io.customer360.profile.api;

import io.customer360.common.api.CustomerIds;
import io.customer360.common.api.ProblemException;
import io.customer360.common.auth.Roles;
import io.customer360.common.auth.TenantContext;
import io.customer360.common.contract.profile.Customer;
import io.customer360.profile.domain.catalog.Section;
import io.customer360.profile.service.visibility.Redacted;
import io.customer360.profile.service.visibility.VisibilityRules;
import io.customer360.profile.service.visibility.Withheld;
import io.customer360.profile.store.CustomerQueries;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.RequestScoped;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The caller's view of customers: the tenant from the token, whether sensitive notes may be shown, the customer
 * a path id names (an alias of a merged customer names the survivor) and what the visibility rules withhold from the
 * caller for it. Another tenant's customer is 404, exactly like a missing one; an id that cannot be a customer id is
 * 404 before any query.
 */
@RequestScoped
public class CustomerLookup {

    private final CustomerQueries queries;
    private final TenantContext tenant;
    private final SecurityIdentity identity;
    private final VisibilityRules visibility;

    CustomerLookup(
            CustomerQueries queries, TenantContext tenant, SecurityIdentity identity, VisibilityRules visibility) {
        this.visibility = visibility;
        this.queries = queries;
        this.tenant = tenant;
        this.identity = identity;
    }

    public String tenant() {
        return tenant.tenant();
    }

    public boolean maySeeSensitive() {
        return identity.hasRole(Roles.SENSITIVE);
    }

    public String actor() {
        return identity.getPrincipal().getName();
    }

    public Uni<String> require(String id) {
        if (!CustomerIds.isValid(id)) {
            return Uni.createFrom().failure(ProblemException.notFound("Customer", id));
        }
        return queries.resolve(tenant.tenant(), id)
                .onItem()
                .ifNull()
                .failWith(() -> ProblemException.notFound("Customer", id));
    }

    /**
     * The profile of the customer a path id names (as {@link #require(String)}, in one query), with what a visibility
     * rule withholds from the caller left out.
     */
    public Uni<Customer> visibleCustomer(String id) {
        if (!CustomerIds.isValid(id)) {
            return Uni.createFrom().failure(ProblemException.notFound("Customer", id));
        }
        return queries.customerOrAlias(tenant.tenant(), id)
                .onItem()
                .ifNull()
                .failWith(() -> ProblemException.notFound("Customer", id))
                .map(customer -> Redacted.customer(customer, visibility.of(identity::hasRole, customer.segments())));
    }

    /** The customer, once none of {@code sections} is withheld from the caller by a visibility rule (else 403 naming it). */
    public Uni<String> require(String id, Section... sections) {
        return require(id).call(customerId -> visibility.require(tenant(), customerId, identity::hasRole, sections));
    }

    /**
     * A section read by a statement that resolves the path id itself ({@code read} answers null for no such customer),
     * answered once no visibility rule withholds {@code section} from the caller for the customer it names (else 403
     * naming the rule): one round trip where {@link #require(String, Section...)} and the section's own read are two.
     */
    public <T> Uni<T> resolvedSection(
            String id, Section section, BiFunction<String, String, Uni<T>> read, Function<T, String> customerIdOf) {
        if (!CustomerIds.isValid(id)) {
            return Uni.createFrom().failure(ProblemException.notFound("Customer", id));
        }
        return read.apply(tenant(), id)
                .onItem()
                .ifNull()
                .failWith(() -> ProblemException.notFound("Customer", id))
                .call(answer -> visibility.require(tenant(), customerIdOf.apply(answer), identity::hasRole, section));
    }

    /** What the visibility rules withhold from the caller for this customer. */
    public Uni<Withheld> withheld(String customerId) {
        return visibility.of(tenant(), customerId, identity::hasRole);
    }
}
