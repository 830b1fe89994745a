package io.customer360.aggregator.api.console;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import io.customer360.aggregator.client.ConsoleEnrichmentApi;
import io.customer360.aggregator.client.ConsoleProfileApi;
import io.customer360.aggregator.service.live.LiveStreams;
import io.customer360.aggregator.service.view.Customer360Service;
import io.customer360.aggregator.service.view.ViewOptions;
import io.customer360.aggregator.service.view.VisibilityRules;
import io.customer360.aggregator.store.ConsoleStore;
import io.customer360.common.api.CustomerIds;
import io.customer360.common.api.Page;
import io.customer360.common.api.ProblemException;
import io.customer360.common.api.ProblemType;
import io.customer360.common.api.QueryParams;
import io.customer360.common.auth.Roles;
import io.customer360.common.auth.TenantContext;
import io.customer360.common.contract.enrichment.CustomerEnrichment;
import io.customer360.common.contract.enrichment.Quota;
import io.customer360.common.contract.profile.Customer;
import io.customer360.common.contract.profile.CustomerSummary;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * The console's JSON (backend for its pages): everything a page shows, for the person signed in through the console
 * tenant's session. profile-service and enrichment-service are called with that person's access token, so they
 * check tenant and roles and redact sensitive notes themselves; the 360 view is built in-process and audited with
 * channel {@code console}. A section that cannot be read is marked unavailable and the rest of the page still answers.
 * Signed in through the console's session (OIDC authorization-code flow with client c360-console: a session cookie, not
 * a bearer token), it is the pages' private backend, not an API: every operation is hidden from the OpenAPI document.
 */
@Path("/console/api")
@Produces(MediaType.APPLICATION_JSON)
public class ConsoleResource {

    static final String PROFILE = "profile-service";
    static final String ENRICHMENT = "enrichment-service";
    static final List<String> HEALTH_BANDS = List.of("healthy", "watch", "at_risk");
    /** Customers counted per health band on the dashboard; beyond this the count is shown as "N+". */
    static final int BAND_COUNT_LIMIT = 500;

    static final int RECENT_CUSTOMERS = 8;
    static final int RECENT_DAYS = 30;
    static final int HISTORY_DAYS = 90;
    /** Sent by the console's own scripts; a form or link of another site cannot send it (no CORS here). */
    static final String SCRIPT_HEADER_VALUE = "JavaScript";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final ConsoleProfileApi profile;
    private final ConsoleEnrichmentApi enrichment;
    private final Customer360Service views;
    private final ConsoleStore store;
    private final TenantContext tenant;
    private final SecurityIdentity identity;
    private final LiveStreams streams;
    private final VisibilityRules visibility;

    ConsoleResource(
            @RestClient ConsoleProfileApi profile,
            @RestClient ConsoleEnrichmentApi enrichment,
            Customer360Service views,
            ConsoleStore store,
            TenantContext tenant,
            SecurityIdentity identity,
            LiveStreams streams,
            VisibilityRules visibility) {
        this.visibility = visibility;
        this.streams = streams;
        this.profile = profile;
        this.enrichment = enrichment;
        this.views = views;
        this.store = store;
        this.tenant = tenant;
        this.identity = identity;
    }

    @GET
    @Path("/me")
    @Authenticated
    @Operation(
            hidden = true,
            summary = "Who is signed in",
            description = "Role: any signed-in person (the page says so when c360.viewer "
                    + "is missing). `{user, tenant, roles}` with the mesh roles the person holds.")
    public ObjectNode me() {
        ObjectNode me = NODES.objectNode();
        me.put("user", identity.getPrincipal().getName());
        me.put("tenant", tenant.tenant());
        ArrayNode roles = me.putArray("roles");
        Stream.of(Roles.VIEWER, Roles.SENSITIVE, Roles.EDITOR, Roles.ADMIN)
                .filter(identity::hasRole)
                .forEach(roles::add);
        return me;
    }

    @GET
    @Path("/customers")
    @RolesAllowed(Roles.VIEWER)
    @Operation(
            hidden = true,
            summary = "Find customers",
            description = "Role: c360.viewer. profile-service's customer list for the "
                    + "finder: `q` full text over name, email and company or a substring of name or email (search as you type), "
                    + "`segment`, `healthBand` (healthy, watch, at_risk); `{items, nextCursor}`.")
    public Uni<Response> customers(
            @Parameter(description = "Text, at most 200 characters") @QueryParam("q") String query,
            @Parameter(description = "An active segment") @QueryParam("segment") String segment,
            @Parameter(description = "healthy, watch or at_risk") @QueryParam("healthBand") String healthBand,
            @Parameter(description = "1-100, default 20") @QueryParam("limit") String limit,
            @Parameter(description = "From the previous page") @QueryParam("cursor") String cursor) {
        int size = QueryParams.boundedInt("limit", limit, 20, 1, 100);
        tenant.tenant();
        return ConsoleUpstream.answer(
                profile.customers(
                        blankToNull(query), blankToNull(segment), blankToNull(healthBand), size, blankToNull(cursor)),
                PROFILE);
    }

    @GET
    @Path("/search")
    @RolesAllowed(Roles.VIEWER)
    @Operation(
            hidden = true,
            summary = "Full-text search",
            description = "Role: c360.viewer. profile-service's full-text search over "
                    + "customers, events with written text, notes and knowledge: `{query, items: [{kind, customerId, id, title, "
                    + "rank, highlight, at}]}`; sensitive entries are left out for a person without c360.sensitive.")
    public Uni<Response> search(
            @Parameter(description = "1-200 characters") @QueryParam("q") String query,
            @Parameter(description = "1-50, default 10") @QueryParam("limit") String limit) {
        int size = QueryParams.boundedInt("limit", limit, 10, 1, 50);
        tenant.tenant();
        return ConsoleUpstream.answer(profile.search(query, size), PROFILE);
    }

    @GET
    @Path("/segments")
    @RolesAllowed(Roles.VIEWER)
    @Operation(
            hidden = true,
            summary = "Segments for the finder's filter",
            description = "Role: c360.viewer. profile-service's "
                    + "`/api/v1/analytics/segments`: every segment with active members, largest first.")
    public Uni<Response> segments() {
        tenant.tenant();
        return ConsoleUpstream.answer(profile.segments(), PROFILE);
    }

    @GET
    @Path("/recent")
    @RolesAllowed(Roles.VIEWER)
    @Operation(
            hidden = true,
            summary = "Customers I opened lately",
            description =
                    "Role: c360.viewer. The customers the signed-in "
                            + "person opened in the console in the last 30 days (from the access audit), most recent first, at most 8: "
                            + "`{items: [customer as profile-service lists it]}`; a customer that no longer exists is left out.")
    public Uni<ObjectNode> recent() {
        String tenantId = tenant.tenant();
        return store.recentlyOpened(tenantId, identity.getPrincipal().getName(), RECENT_DAYS, RECENT_CUSTOMERS)
                .chain(ids -> {
                    if (ids.isEmpty()) {
                        return Uni.createFrom().item(List.<PagePart<Customer>>of());
                    }
                    return Uni.join()
                            .all(ids.stream()
                                    .map(id -> ConsoleUpstream.part(profile.customer(id), PROFILE))
                                    .toList())
                            .andCollectFailures();
                })
                .map(parts -> {
                    ObjectNode answer = NODES.objectNode();
                    ArrayNode items = answer.putArray("items");
                    parts.stream()
                            .map(ConsoleUpstream::data)
                            .filter(Objects::nonNull)
                            .forEach(items::addPOJO);
                    return answer;
                });
    }

    @GET
    @Path("/customers/{id}")
    @RolesAllowed(Roles.VIEWER)
    @Operation(
            hidden = true,
            summary = "The customer page's 360 view",
            description = "Role: c360.viewer (c360.sensitive to see "
                    + "sensitive notes). `{view, healthHistory}`: `view` is the 360 view exactly as `GET /api/v1/customer-360/{id}` "
                    + "answers it (audited with channel console); `healthHistory` the daily overall health of the last 90 days, "
                    + "oldest first. 404 for a customer that does not exist or is another tenant's.")
    public Uni<ObjectNode> customer(@PathParam("id") String id) {
        CustomerIds.require(id);
        String tenantId = tenant.tenant();
        Uni<String> view = views.viewJson(id, new ViewOptions(null, null, null, ConsoleStore.CHANNEL));
        return Uni.combine()
                .all()
                .unis(view, store.healthHistory(tenantId, id, HISTORY_DAYS))
                .with((json, history) -> {
                    ObjectNode page = NODES.objectNode();
                    page.putRawValue("view", new RawValue(json));
                    page.set("healthHistory", history);
                    return page;
                });
    }

    @GET
    @Path("/customers/{id}/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RolesAllowed(Roles.VIEWER)
    @Blocking // the first view is built before the stream's head is sent (see LiveStreams.customer)
    @Operation(
            hidden = true,
            summary = "The customer page's live updates (server-sent events)",
            description = "Role: c360.viewer. The "
                    + "same events as `GET /api/v1/customer-360/{id}/stream` (`view`, then `sections` per change), for the "
                    + "console's session; audited with channel console. Ends with event `expired` when the session's tokens "
                    + "expire; the browser reconnects and the session refreshes them.")
    public Multi<OutboundSseEvent> stream(@PathParam("id") String id, @Context Sse sse) {
        CustomerIds.require(id);
        return streams.customer(id, new ViewOptions(null, null, null, ConsoleStore.CHANNEL), sse);
    }

    @GET
    @Path("/customers/{id}/details")
    @RolesAllowed(Roles.VIEWER)
    @Operation(
            hidden = true,
            summary = "The customer page's records",
            description = "Role: c360.viewer. What the page lists beside the "
                    + "360 view, read from profile-service in parallel: `{profile, contacts, subscription, support, usage}`, each "
                    + "`{status: ok, data}`, `{status: missing}` (no such customer for this tenant) or "
                    + "`{status: unavailable, reason}`, or `{status: withheld, reason}` when the 360's visibility rules withhold "
                    + "the part of the view it shows (profile: accountProfile, contacts: engagementSummary, subscription: "
                    + "commercialSummary, support: supportSummary, usage: usageSummary).")
    public Uni<Map<String, PagePart<?>>> details(@PathParam("id") String id) {
        CustomerIds.require(id);
        tenant.tenant();
        List<VisibilityRules.Rule> withheld = visibility.withheldFrom(tenant::hasRole);
        return Uni.combine()
                .all()
                .unis(
                        ConsoleUpstream.part(profile.customer(id), PROFILE),
                        ConsoleUpstream.part(profile.contacts(id), PROFILE),
                        ConsoleUpstream.part(profile.subscription(id), PROFILE),
                        ConsoleUpstream.part(profile.support(id), PROFILE),
                        ConsoleUpstream.part(profile.usage(id), PROFILE))
                .with((customer, contacts, subscription, support, usage) -> {
                    Map<String, PagePart<?>> details = new LinkedHashMap<>();
                    details.put("profile", customer);
                    details.put("contacts", contacts);
                    details.put("subscription", subscription);
                    details.put("support", support);
                    details.put("usage", usage);
                    return DetailsVisibility.apply(details, customer, withheld);
                });
    }

    @GET
    @Path("/customers/{id}/timeline")
    @RolesAllowed(Roles.VIEWER)
    @Operation(
            hidden = true,
            summary = "A customer's timeline",
            description = "Role: c360.viewer. profile-service's timeline, newest "
                    + "first: `{items, nextCursor}`; `type` an event type, `from` (inclusive) and `to` (exclusive) ISO-8601 "
                    + "instants. Sensitive entries are redacted for a person without c360.sensitive.")
    public Uni<Response> timeline(
            @PathParam("id") String id,
            @Parameter(description = "An event type") @QueryParam("type") String type,
            @Parameter(description = "ISO-8601 instant, inclusive") @QueryParam("from") String from,
            @Parameter(description = "ISO-8601 instant, exclusive") @QueryParam("to") String to,
            @Parameter(description = "1-100, default 25") @QueryParam("limit") String limit,
            @Parameter(description = "From the previous page") @QueryParam("cursor") String cursor) {
        CustomerIds.require(id);
        int size = QueryParams.boundedInt("limit", limit, 25, 1, 100);
        tenant.tenant();
        return ConsoleUpstream.answer(
                profile.timeline(id, blankToNull(type), blankToNull(from), blankToNull(to), size, blankToNull(cursor)),
                PROFILE);
    }

    @GET
    @Path("/customers/{id}/enrichment")
    @RolesAllowed(Roles.VIEWER)
    @Operation(
            hidden = true,
            summary = "The enrichment panel",
            description = "Role: c360.viewer. `{enrichment, quota, gates}`: "
                    + "enrichment-service's cached enrichment (each field with provider, confidence and retrieval time; never a "
                    + "provider call) and the tenant's quota this month, each `{status: ok, data}`, `{status: missing}` or "
                    + "`{status: unavailable, reason}`; `gates` the data types the tier opens and the ones it gates "
                    + "(`{tier, dataTypes, gated, upgradeTo}`).")
    public Uni<ObjectNode> enrichment(@PathParam("id") String id) {
        CustomerIds.require(id);
        tenant.tenant();
        return Uni.combine()
                .all()
                .unis(
                        ConsoleUpstream.part(enrichment.cached(id), ENRICHMENT),
                        ConsoleUpstream.part(enrichment.quota(), ENRICHMENT))
                .with(ConsoleResource::panel);
    }

    @POST
    @Path("/customers/{id}/enrichment/refresh")
    @RolesAllowed(Roles.EDITOR)
    @Operation(
            hidden = true,
            summary = "Refresh the enrichment now",
            description = "Role: c360.editor (and c360.viewer). Runs "
                    + "enrichment-service's refresh (providers are asked even when the data is fresh; a slot of the monthly quota "
                    + "is taken only when they return data) and answers the panel as `GET …/enrichment` does. Needs the header "
                    + "`X-Requested-With: JavaScript` (sent by the console's page, never by another site's form). A spent quota "
                    + "is enrichment-service's 429 problem.")
    public Uni<Response> refresh(
            @PathParam("id") String id,
            @Parameter(description = "JavaScript") @HeaderParam("X-Requested-With") String requestedWith) {
        if (!SCRIPT_HEADER_VALUE.equals(requestedWith)) {
            throw new ProblemException(
                    ProblemType.FORBIDDEN,
                    "Send this request from the console's page " + "(header X-Requested-With: JavaScript)");
        }
        CustomerIds.require(id);
        tenant.tenant();
        return enrichment
                .refresh(id, NODES.objectNode())
                .chain(data -> ConsoleUpstream.part(enrichment.quota(), ENRICHMENT)
                        .map(quota -> Response.ok(panel(PagePart.ok(data), quota), MediaType.APPLICATION_JSON)
                                .build()))
                .onFailure()
                .recoverWithItem(
                        failure -> ConsoleUpstream.failed(failure, ENRICHMENT).toResponse());
    }

    static ObjectNode panel(PagePart<CustomerEnrichment> enrichmentPart, PagePart<Quota> quotaPart) {
        ObjectNode panel = NODES.objectNode();
        panel.putPOJO("enrichment", enrichmentPart);
        panel.putPOJO("quota", quotaPart);
        Quota quota = ConsoleUpstream.data(quotaPart);
        CustomerEnrichment enriched = ConsoleUpstream.data(enrichmentPart);
        String tier = quota != null ? quota.tier() : enriched != null ? enriched.tier() : null;
        panel.set("gates", TierGates.of(tier));
        return panel;
    }

    @GET
    @Path("/dashboard")
    @RolesAllowed(Roles.VIEWER)
    @Operation(
            hidden = true,
            summary = "The dashboard",
            description = "Role: c360.viewer. `{periodDays, summary, metrics, healthBands}`: "
                    + "profile-service's organization summary for `days` (7-365, default 30: customers by segment, interactions per "
                    + "day) and dashboard metrics (customer-analytics.md), each `{status, data}`; `healthBands` the customers per "
                    + "health band (`{status, bands: [{band, customers, more}]}`, `more` when there are over 500).")
    public Uni<ObjectNode> dashboard(@Parameter(description = "7-365, default 30") @QueryParam("days") String days) {
        int period = QueryParams.boundedInt("days", days, 30, 7, 365);
        tenant.tenant();
        List<Uni<PagePart<Page<CustomerSummary>>>> bands = HEALTH_BANDS.stream()
                .map(band -> ConsoleUpstream.part(profile.customers(null, null, band, BAND_COUNT_LIMIT, null), PROFILE))
                .toList();
        return Uni.combine()
                .all()
                .unis(
                        ConsoleUpstream.part(profile.organizationSummary(period), PROFILE),
                        ConsoleUpstream.part(profile.dashboardMetrics(), PROFILE),
                        Uni.join().all(bands).andCollectFailures())
                .with((summary, metrics, bandParts) -> {
                    ObjectNode dashboard = NODES.objectNode();
                    dashboard.put("periodDays", period);
                    dashboard.putPOJO("summary", summary);
                    dashboard.putPOJO("metrics", metrics);
                    dashboard.set("healthBands", healthBands(bandParts));
                    return dashboard;
                });
    }

    static ObjectNode healthBands(List<PagePart<Page<CustomerSummary>>> parts) {
        ObjectNode answer = NODES.objectNode();
        ArrayNode bands = NODES.arrayNode();
        String unavailable = null;
        for (int i = 0; i < HEALTH_BANDS.size(); i++) {
            Page<CustomerSummary> page = ConsoleUpstream.data(parts.get(i));
            if (page == null) {
                unavailable = Objects.requireNonNullElse(parts.get(i).reason(), "not available");
                continue;
            }
            bands.addObject()
                    .put("band", HEALTH_BANDS.get(i))
                    .put("customers", page.items().size())
                    .put("more", page.nextCursor() != null);
        }
        answer.put("status", unavailable == null ? "ok" : "unavailable");
        if (unavailable != null) {
            answer.put("reason", unavailable);
        }
        answer.set("bands", bands);
        return answer;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
