package io.customer360.enrichment.api;

import io.customer360.common.api.ProblemException;
import io.customer360.common.auth.Roles;
import io.customer360.common.auth.TenantContext;
import io.customer360.enrichment.quota.Quotas;
import io.customer360.enrichment.store.TenantTiers;
import io.customer360.enrichment.usage.MonthUsage;
import io.customer360.enrichment.usage.UsageCsv;
import io.customer360.enrichment.usage.UsageLedger;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Enrichment usage for billing: the last 12 months, and one month's export as JSON or CSV. Only enrichments that
 * returned data are counted and charged; API costs are the list costs of the provider calls that matched.
 */
@Path("/api/v1/enrichment/usage")
@Tag(name = "Enrichment")
public class UsageResource {

    @RegisterForReflection
    public record Usage(String tenant, List<MonthUsage> months) {
    }

    private final UsageLedger usage;
    private final TenantTiers tiers;
    private final Quotas quotas;
    private final TenantContext tenant;

    UsageResource(UsageLedger usage, TenantTiers tiers, Quotas quotas, TenantContext tenant) {
        this.usage = usage;
        this.tiers = tiers;
        this.quotas = quotas;
        this.tenant = tenant;
    }

    @GET
    @RolesAllowed(Roles.BILLING_READER)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Enrichment usage of the last 12 months", description = "Role: billing.reader. Newest first.")
    public Uni<Usage> lastTwelveMonths() {
        String tenantId = tenant.tenant();
        YearMonth now = quotas.currentMonth();
        return months(tenantId, now.minusMonths(11), now).map(months -> new Usage(tenantId, months));
    }

    @GET
    @Path("/export")
    @RolesAllowed(Roles.BILLING_READER)
    @Produces({MediaType.APPLICATION_JSON, "text/csv"})
    @Operation(summary = "One month's usage for billing jobs", description = "Role: billing.reader. ?month=YYYY-MM&format=json|csv")
    public Uni<Response> export(@QueryParam("month") String month, @QueryParam("format") String format) {
        String tenantId = tenant.tenant();
        YearMonth wanted = month(month);
        String as = format == null || format.isEmpty() ? "json" : format;
        if (!as.equals("json") && !as.equals("csv")) {
            throw ProblemException.invalid("format", "must be json or csv");
        }
        return months(tenantId, wanted, wanted).map(months -> {
            MonthUsage usage = months.get(0);
            if (as.equals("csv")) {
                return Response.ok(UsageCsv.of(tenantId, usage), "text/csv")
                        .header(HttpHeaders.CONTENT_DISPOSITION,
                                "attachment; filename=\"enrichment-usage-" + tenantId + "-" + wanted + ".csv\"")
                        .build();
            }
            return Response.ok(new Usage(tenantId, months), MediaType.APPLICATION_JSON).build();
        });
    }

    private Uni<List<MonthUsage>> months(String tenantId, YearMonth from, YearMonth to) {
        return tiers.tier(tenantId).flatMap(tier -> usage.months(tenantId, from, to, tier.wireName(),
                tier.monthlyLimit()));
    }

    private YearMonth month(String month) {
        if (month == null || month.isEmpty()) {
            throw ProblemException.invalid("month", "is required as YYYY-MM");
        }
        try {
            YearMonth parsed = YearMonth.parse(month);
            if (parsed.isAfter(quotas.currentMonth()) || parsed.getYear() < 2000) {
                throw ProblemException.invalid("month", "must be a month from 2000-01 up to this month");
            }
            return parsed;
        } catch (DateTimeParseException e) {
            throw ProblemException.invalid("month", "must be YYYY-MM");
        }
    }
}
