package io.customer360.profile.api;

import io.customer360.common.api.ProblemException;
import io.customer360.common.api.QueryParams;
import io.customer360.common.auth.Roles;
import io.customer360.common.contract.profile.AnalyticsInteraction;
import io.customer360.common.contract.profile.DashboardMetrics;
import io.customer360.common.contract.profile.OrganizationSummary;
import io.customer360.common.contract.profile.SegmentList;
import io.customer360.profile.domain.AnalyticsResponses.CustomerAnalytics;
import io.customer360.profile.domain.AnalyticsResponses.SegmentAnalytics;
import io.customer360.profile.service.visibility.Redacted;
import io.customer360.profile.store.AnalyticsQueries;
import io.customer360.profile.store.CustomerQueries;
import io.customer360.profile.store.RecordViews;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The analytics endpoints of {@code customer-analytics.md}, at its exact paths, with its snake_case fields. */
@Path("/api/v1/analytics")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Analytics")
@RolesAllowed(Roles.VIEWER)
public class AnalyticsResource {

    /** Segment names are record ids: at most this long (the projector keeps no longer id). */
    private static final int MAX_SEGMENT_NAME = 128;

    private final AnalyticsQueries analytics;
    private final CustomerQueries customers;
    private final CustomerLookup lookup;

    AnalyticsResource(AnalyticsQueries analytics, CustomerQueries customers, CustomerLookup lookup) {
        this.analytics = analytics;
        this.customers = customers;
        this.lookup = lookup;
    }

    @GET
    @Path("/customers/{customer_id}/analytics")
    @Operation(
            operationId = "getCustomerAnalytics",
            summary = "One customer's analytics",
            description =
                    "Role: c360.viewer. `recent_limit`: 1–100, default "
                            + "10. Interactions are the customer's contacts, tickets, meetings held, touchpoints and survey answers (not logins, billing or segment changes; the list is in the profile-service README): counts by type and by the status each carried, segment memberships, recent ones.")
    public Uni<CustomerAnalytics> customer(
            @PathParam("customer_id") String id,
            @Parameter(
                            description = "How many recent interactions",
                            schema =
                                    @Schema(
                                            type = SchemaType.INTEGER,
                                            minimum = "1",
                                            maximum = "100",
                                            defaultValue = "10"))
                    @QueryParam("recent_limit")
                    String recentLimit) {
        int recent = QueryParams.boundedInt("recent_limit", recentLimit, 10, 1, 100);
        String tenant = lookup.tenant();
        // interactions of sections a visibility rule withholds from the caller are neither counted nor listed
        return lookup.require(id)
                .flatMap(customerId -> Uni.combine()
                        .all()
                        .unis(
                                customers.customer(tenant, customerId),
                                analytics.interactionCounts(tenant, customerId),
                                analytics.memberships(tenant, customerId),
                                analytics.recent(tenant, customerId, recent, lookup.maySeeSensitive()),
                                lookup.withheld(customerId))
                        .with((customer, counts, segments, recentOnes, withheld) -> {
                            List<AnalyticsInteraction> interactions = recentOnes.stream()
                                    .filter(interaction -> !withheld.withholdsEventType(interaction.interactionType()))
                                    .toList();
                            Map<String, Long> byType = new LinkedHashMap<>();
                            Map<String, Long> byStatus = new LinkedHashMap<>();
                            long total = 0;
                            OffsetDateTime last = null;
                            for (var row : counts) {
                                if (withheld.withholdsEventType(row.getString("event_type"))) {
                                    continue;
                                }
                                long n = row.getLong("interactions");
                                total += n;
                                byType.merge(row.getString("event_type"), n, Long::sum);
                                if (row.getString("status") != null) {
                                    byStatus.merge(row.getString("status"), n, Long::sum);
                                }
                                OffsetDateTime at = row.getOffsetDateTime("last_at");
                                last = last == null || at.isAfter(last) ? at : last;
                            }
                            return new CustomerAnalytics(
                                    customerId,
                                    Redacted.customer(customer, withheld).name(),
                                    total,
                                    RecordViews.utcTime(last),
                                    byType,
                                    byStatus,
                                    segments,
                                    interactions,
                                    now());
                        }));
    }

    @GET
    @Path("/segments/{segment_name}/analytics")
    @Operation(
            operationId = "getSegmentAnalytics",
            summary = "A segment's analytics",
            description = "Role: c360.viewer. `days`: 7–365, default 30, the length "
                    + "of `activity_timeline` (interactions per UTC day of the segment's current members). Totals count every "
                    + "interaction of the current members. 404 for a segment no customer ever joined.")
    public Uni<SegmentAnalytics> segment(
            @PathParam("segment_name") String segment,
            @Parameter(
                            description = "The period in days",
                            schema =
                                    @Schema(
                                            type = SchemaType.INTEGER,
                                            minimum = "7",
                                            maximum = "365",
                                            defaultValue = "30"))
                    @QueryParam("days")
                    String daysParam) {
        int days = QueryParams.boundedInt("days", daysParam, 30, 7, 365);
        // any name a segment_joined may carry ('+', 'ß', spaces, any script) is addressable, decoded from the path as
        // sent
        // PostgreSQL text cannot hold NUL, so no stored segment has one (and the query would fail on it)
        if (segment.isBlank() || segment.length() > MAX_SEGMENT_NAME || segment.indexOf('\u0000') >= 0) {
            throw ProblemException.notFound("Segment", segment);
        }
        String tenant = lookup.tenant();
        return analytics.segmentTotals(tenant, segment).flatMap(totals -> {
            if (totals.getLong("ever") == 0) {
                return Uni.createFrom().failure(ProblemException.notFound("Segment", segment));
            }
            return Uni.combine()
                    .all()
                    .unis(analytics.segmentTypes(tenant, segment), analytics.daily(tenant, segment, days))
                    .with((types, timeline) -> {
                        long members = totals.getLong("customers");
                        long interactions = totals.getLong("interactions");
                        BigDecimal average = members == 0
                                ? BigDecimal.ZERO
                                : BigDecimal.valueOf(interactions)
                                        .divide(BigDecimal.valueOf(members), 2, RoundingMode.HALF_UP);
                        return new SegmentAnalytics(
                                segment, members, interactions, average, types, timeline, days, now());
                    });
        });
    }

    @GET
    @Path("/organization/summary")
    @Operation(
            operationId = "getOrganizationSummary",
            summary = "The organization's summary",
            description = "Role: c360.viewer. `days`: 7–365, default 30, the "
                    + "length of `interaction_trends` (interactions per UTC day).")
    public Uni<OrganizationSummary> organization(
            @Parameter(
                            description = "The period in days",
                            schema =
                                    @Schema(
                                            type = SchemaType.INTEGER,
                                            minimum = "7",
                                            maximum = "365",
                                            defaultValue = "30"))
                    @QueryParam("days")
                    String daysParam) {
        int days = QueryParams.boundedInt("days", daysParam, 30, 7, 365);
        String tenant = lookup.tenant();
        return Uni.combine()
                .all()
                .unis(
                        analytics.organizationTotals(tenant),
                        analytics.segments(tenant, 1000),
                        analytics.daily(tenant, null, days))
                .with((totals, segments, trend) -> {
                    Map<String, Long> bySegment = new LinkedHashMap<>();
                    segments.forEach(s -> bySegment.put(s.segmentName(), s.customerCount()));
                    return new OrganizationSummary(
                            totals.getLong("customers"), totals.getLong("interactions"), bySegment, trend, days, now());
                });
    }

    @GET
    @Path("/dashboard/metrics")
    @Operation(
            operationId = "getDashboardMetrics",
            summary = "Dashboard metrics",
            description = "Role: c360.viewer. Interactions since the start of today "
                    + "(UTC), in the last 7 and 30 days; the 5 largest segments; the 10 latest interactions.")
    public Uni<DashboardMetrics> dashboard() {
        String tenant = lookup.tenant();
        return Uni.combine()
                .all()
                .unis(
                        analytics.organizationTotals(tenant),
                        analytics.segments(tenant, 5),
                        analytics.recent(tenant, null, 10, lookup.maySeeSensitive()))
                .with((totals, top, recent) -> new DashboardMetrics(
                        totals.getLong("customers"),
                        totals.getLong("today"),
                        totals.getLong("week"),
                        totals.getLong("month"),
                        top,
                        recent,
                        now()));
    }

    @GET
    @Path("/segments")
    @Operation(
            operationId = "listSegments",
            summary = "The organization's segments",
            description = "Role: c360.viewer. Every segment with active "
                    + "members, largest first, with its member count and description.")
    public Uni<SegmentList> segments() {
        return analytics.segments(lookup.tenant(), 1000).map(segments -> new SegmentList(segments, now()));
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }
}
