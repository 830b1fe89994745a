package io.customer360.profile.api;

import io.customer360.common.api.Page;
import io.customer360.common.auth.Roles;
import io.customer360.common.contract.profile.ContactsSection;
import io.customer360.common.contract.profile.EngagementSection;
import io.customer360.common.contract.profile.KnowledgeEntry;
import io.customer360.common.contract.profile.SalesSection;
import io.customer360.common.contract.profile.SecuritySection;
import io.customer360.common.contract.profile.SubscriptionSection;
import io.customer360.common.contract.profile.SuccessSection;
import io.customer360.common.contract.profile.SupportSection;
import io.customer360.common.contract.profile.UsageSection;
import io.customer360.common.contract.profile.WorkOrder;
import io.customer360.profile.domain.catalog.Section;
import io.customer360.profile.store.SectionQueries;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.function.Function;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * One endpoint per section of the 360 view. Records appear with their field values under camelCase names plus
 * {@code id}, {@code firstSeenAt} and {@code lastChangedAt}; a value nobody reported is null. A section a visibility
 * rule withholds from the caller for this customer ({@code c360.visibility}) is a 403 problem naming the rule.
 */
@Path("/api/v1/customers/{id}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "360 sections")
@RolesAllowed(Roles.VIEWER)
public class CustomerSectionResource {

    private final SectionQueries sections;
    private final CustomerLookup lookup;

    CustomerSectionResource(SectionQueries sections, CustomerLookup lookup) {
        this.sections = sections;
        this.lookup = lookup;
    }

    @GET
    @Path("/subscription")
    @Operation(
            operationId = "getCustomerSubscription",
            summary = "Subscription and billing",
            description = "Role: c360.viewer. `subscription` (plan, status, "
                    + "billing cycle, MRR, seats, dates, entitled features), `seats` {total, used, utilization}, `billing` {mrr, "
                    + "arr, arrSource: reported | derived_from_mrr, currency, renewalDate, contractEndDate}, `paymentHealth` "
                    + "{openInvoices, overdueInvoices, overdueAmount, failedPaymentsLast90Days, lastFailedPaymentAt}, "
                    + "`creditBalance`, `recentInvoices`, `recentPayments`.")
    public Uni<SubscriptionSection> subscription(@PathParam("id") String id) {
        return lookup.resolvedSection(
                id, Section.SUBSCRIPTION, sections::subscription, SubscriptionSection::customerId);
    }

    @GET
    @Path("/support")
    @Operation(
            operationId = "getCustomerSupport",
            summary = "Support history",
            description = "Role: c360.viewer. `totalTickets`, `openTickets`, "
                    + "`ticketsLast90Days`, `openEscalations`, `averageResolutionHours`, `csat` {average, responses}, "
                    + "`openByPriority` {P1..P4}, `open` (open tickets, most urgent first), `commonCategories`.")
    public Uni<SupportSection> support(@PathParam("id") String id) {
        return section(id, Section.SUPPORT, SectionQueries::support, SupportSection::customerId);
    }

    @GET
    @Path("/engagement")
    @Operation(
            operationId = "getCustomerEngagement",
            summary = "Engagement",
            description =
                    "Role: c360.viewer. Logins (30 days, trend against the 30 days "
                            + "before, last within a year), meetings and CSM touchpoints (90 days, last within a year), `nps` {latest, "
                            + "average, responses, answers: the 20 newest with their respondent} over the last year, `upcomingMeetings`.")
    public Uni<EngagementSection> engagement(@PathParam("id") String id) {
        return section(id, Section.ENGAGEMENT, SectionQueries::engagement, EngagementSection::customerId);
    }

    @GET
    @Path("/usage")
    @Operation(
            operationId = "getCustomerUsage",
            summary = "Usage and features",
            description = "Role: c360.viewer. Sessions (30 days, trend against the 30 "
                    + "days before, average minutes, active users, last within 60 days), `features` used in 90 days (uses, users, last used), "
                    + "`unusedEntitledFeatures` (in the subscription, unused for 90 days), `dailyActiveUsers` (the 60 newest "
                    + "reported days), `users`: people by `user_id` in sessions, feature uses and logins over UTC days ending "
                    + "today (7, 30, the 30 before; power users active on at least 12 of 30 days; users at risk, active in 60 "
                    + "days but not in the last 14; features per active user; people per day of the last 60).")
    public Uni<UsageSection> usage(@PathParam("id") String id) {
        return section(id, Section.USAGE, SectionQueries::usage, UsageSection::customerId);
    }

    @GET
    @Path("/sales")
    @Operation(
            operationId = "getCustomerSales",
            summary = "Sales pipeline",
            description = "Role: c360.viewer. `openDeals`, `pipelineValue` (sum of open "
                    + "deal amounts), `openByStage` (all open deals), `deals` (the 50 most recently changed), `pendingQuotes`, "
                    + "`recentActivities` (the 10 latest).")
    public Uni<SalesSection> sales(@PathParam("id") String id) {
        boolean sensitive = lookup.maySeeSensitive();
        return section(
                id,
                Section.SALES,
                (reader, tenant, customerId) -> reader.sales(tenant, customerId, sensitive),
                SalesSection::customerId);
    }

    @GET
    @Path("/security")
    @Operation(
            operationId = "getCustomerSecurity",
            summary = "Security context",
            description =
                    "Role: c360.viewer. MFA/SSO settings, compliance score and "
                            + "last audit, failed logins and logins (30 days), suspicious activities (30 days; the last within 90 days; "
                            + "the 10 most recent, descriptions of sensitive ones redacted for callers without c360.sensitive).")
    public Uni<SecuritySection> security(@PathParam("id") String id) {
        boolean sensitive = lookup.maySeeSensitive();
        return section(
                id,
                Section.SECURITY,
                (reader, tenant, customerId) -> reader.security(tenant, customerId, sensitive),
                SecuritySection::customerId);
    }

    @GET
    @Path("/contacts")
    @Operation(
            operationId = "getCustomerContacts",
            summary = "Contacts and stakeholders",
            description = "Role: c360.viewer. `activeContacts`, `champions`, "
                    + "`executiveSponsors`, `departedKeyContacts` (removed champions, sponsors, decision makers), `contacts` "
                    + "with role and last activity.")
    public Uni<ContactsSection> contacts(@PathParam("id") String id) {
        return section(id, Section.CONTACTS, SectionQueries::contacts, ContactsSection::customerId);
    }

    @GET
    @Path("/success")
    @Operation(
            operationId = "getCustomerSuccess",
            summary = "Customer success",
            description = "Role: c360.viewer. Success-plan `milestones` (completed, "
                    + "at risk) and recent CS `healthEvents` (signal, severity, the score they carried).")
    public Uni<SuccessSection> success(@PathParam("id") String id) {
        boolean sensitive = lookup.maySeeSensitive();
        return section(
                id,
                Section.SUCCESS,
                (reader, tenant, customerId) -> reader.success(tenant, customerId, sensitive),
                SuccessSection::customerId);
    }

    @GET
    @Path("/work-orders")
    @Operation(
            operationId = "listCustomerWorkOrders",
            summary = "Work orders and repairs, most recently changed first",
            description = "Role: c360.viewer. " + "Page with `limit` and `cursor`.")
    public Uni<Page<WorkOrder>> workOrders(
            @PathParam("id") String id, @QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        return RecordPages.page(sections, lookup, id, List.of("work_order"), WorkOrder.class, limit, cursor);
    }

    @GET
    @Path("/knowledge")
    @Operation(
            operationId = "listCustomerKnowledge",
            summary = "What to know about the customer",
            description = "Role: c360.viewer. Knowledge entries (tickets "
                    + "marked important or to remember) and notes, each with its `kind`, most recently changed first; sensitive "
                    + "notes are redacted for callers without c360.sensitive. Page with `limit` and `cursor`.")
    public Uni<Page<KnowledgeEntry>> knowledge(
            @PathParam("id") String id, @QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        return RecordPages.page(
                sections, lookup, id, List.of("knowledge", "note"), KnowledgeEntry.class, limit, cursor);
    }

    /**
     * A section of the customer, in one round trip (SectionQueries.resolvedSection), unless a visibility rule
     * withholds it from the caller (403 naming the rule).
     */
    private <T> Uni<T> section(
            String id, Section withheldAs, SectionQueries.SectionRead<T> read, Function<T, String> customerIdOf) {
        return lookup.resolvedSection(
                id, withheldAs, (tenant, pathId) -> sections.resolvedSection(tenant, pathId, read), customerIdOf);
    }
}
