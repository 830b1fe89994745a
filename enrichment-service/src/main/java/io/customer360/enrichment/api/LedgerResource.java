package io.customer360.enrichment.api;

import io.customer360.common.api.LogSafe;
import io.customer360.common.api.Page;
import io.customer360.common.api.Problem;
import io.customer360.common.api.ProblemException;
import io.customer360.common.api.ProblemType;
import io.customer360.common.auth.Roles;
import io.customer360.common.auth.TenantContext;
import io.customer360.enrichment.service.quota.Quotas;
import io.customer360.enrichment.service.usage.LedgerCsv;
import io.customer360.enrichment.service.usage.LedgerLine;
import io.customer360.enrichment.service.usage.LedgerTotals;
import io.customer360.enrichment.service.usage.UsageLedger;
import io.quarkus.logging.Log;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.YearMonth;
import java.util.List;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The usage ledger for billing systems (docs/billing-ledger.md): a month's lines paged by charge id, its export and
 * totals, closing a month and refunding a line. Months are UTC calendar months.
 */
@Path("/api/v1/enrichment/ledger")
@Tag(name = "Enrichment")
public class LedgerResource {

    private static final Pattern MONTH = Pattern.compile("[0-9]{4}-[0-9]{2}");
    private static final Pattern CHARGE_ID = Pattern.compile("[0-9]{1,18}");
    /** The largest charge id {@link #CHARGE_ID} lets through: 18 digits. */
    private static final String MAX_CHARGE_ID = "999999999999999999";

    private static final YearMonth FIRST_MONTH = YearMonth.of(2000, 1);

    /** One page of a month's lines; pass {@code nextAfter} as {@code after} for the next (also once caught up). */
    @RegisterForReflection
    @Schema(name = "LedgerPage")
    public record LedgerPage(
            @Schema(required = true) String tenant,
            @Schema(required = true) String month,

            @Schema(required = true, description = "The month is closed: its lines never change")
            boolean closed,

            @Schema(required = true) List<LedgerLine> lines,

            @Schema(
                    required = true,
                    description = "The charge id to pass as `after` next: the last line's, or `after` itself when "
                            + "the page is empty")
            long nextAfter,

            @Schema(required = true, description = "More lines follow right now")
            boolean hasMore) {}

    /** A month's lines for a billing job, without totals among them (they are in /totals). */
    @RegisterForReflection
    @Schema(name = "LedgerExport")
    public record LedgerExport(
            @Schema(required = true) String tenant,
            @Schema(required = true) String month,
            @Schema(required = true) boolean closed,
            @Schema(required = true) String currency,
            @Schema(required = true) List<LedgerLine> lines) {}

    private final UsageLedger ledger;
    private final Quotas quotas;
    private final TenantContext tenant;
    private final SecurityIdentity identity;

    LedgerResource(UsageLedger ledger, Quotas quotas, TenantContext tenant, SecurityIdentity identity) {
        this.ledger = ledger;
        this.quotas = quotas;
        this.tenant = tenant;
        this.identity = identity;
    }

    @GET
    @RolesAllowed(Roles.BILLING_READER)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "listLedgerLines",
            summary = "A month's usage ledger lines, after a charge id",
            description = "Role: billing.reader. Lines in ascending charge id. Charge ids are per tenant, gapless and "
                    + "become visible in order, so paging with `after` never skips or repeats a line, also while "
                    + "lines are written.")
    @APIResponse(
            responseCode = "200",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = LedgerPage.class)))
    @APIResponse(
            responseCode = "400",
            description = "month, after or limit is malformed, or the month has not started",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "401",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "403",
            description = "The caller lacks billing.reader",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<LedgerPage> lines(
            @Parameter(description = "Ledger month, YYYY-MM (UTC)", required = true, example = "2026-11")
                    @QueryParam("month")
                    String month,
            @Parameter(
                            description = "The last charge id already read (default 0: from the start)",
                            schema =
                                    @Schema(
                                            type = SchemaType.INTEGER,
                                            format = "int64",
                                            minimum = "0",
                                            maximum = MAX_CHARGE_ID,
                                            defaultValue = "0"))
                    @QueryParam("after")
                    String after,
            @Parameter(description = "Lines per page, 1-500 (default 50)") @QueryParam("limit") String limit) {
        String tenantId = tenant.tenant();
        YearMonth wanted = month(month);
        long from = after(after);
        int size = Page.limit(limit);
        return Uni.combine()
                .all()
                .unis(ledger.lines(tenantId, wanted, from, size + 1), ledger.closedAt(tenantId, wanted))
                .asTuple()
                .map(read -> {
                    List<LedgerLine> fetched = read.getItem1();
                    List<LedgerLine> lines = fetched.size() > size ? fetched.subList(0, size) : fetched;
                    long next =
                            lines.isEmpty() ? from : lines.get(lines.size() - 1).chargeId();
                    return new LedgerPage(
                            tenantId, wanted.toString(), read.getItem2() != null, lines, next, fetched.size() > size);
                });
    }

    @GET
    @Path("/export")
    @RolesAllowed(Roles.BILLING_READER)
    @Produces({MediaType.APPLICATION_JSON, "text/csv"})
    @Operation(
            operationId = "exportLedgerMonth",
            summary = "A month's usage ledger lines for billing jobs",
            description = "Role: billing.reader. Every line of the month, as /ledger pages them, in JSON or CSV "
                    + "(RFC 4180, header line first); no totals row among them (see /ledger/totals).")
    @APIResponse(
            responseCode = "200",
            content = {
                @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = LedgerExport.class)),
                @Content(mediaType = "text/csv", schema = @Schema(type = SchemaType.STRING, example = LedgerCsv.HEADER))
            })
    @APIResponse(
            responseCode = "400",
            description = "month or format is malformed, or the month has not started",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "401",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "403",
            description = "The caller lacks billing.reader",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> export(
            @Parameter(description = "Ledger month, YYYY-MM (UTC)", required = true) @QueryParam("month") String month,
            @Parameter(
                            description = "json (default) or csv",
                            schema =
                                    @Schema(
                                            type = SchemaType.STRING,
                                            enumeration = {"json", "csv"},
                                            defaultValue = "json"))
                    @QueryParam("format")
                    String format) {
        String tenantId = tenant.tenant();
        YearMonth wanted = month(month);
        String as = format == null || format.isEmpty() ? "json" : format;
        if (!as.equals("json") && !as.equals("csv")) {
            throw ProblemException.invalid("format", "must be json or csv");
        }
        return Uni.combine()
                .all()
                .unis(ledger.lines(tenantId, wanted), ledger.closedAt(tenantId, wanted))
                .asTuple()
                .map(read -> {
                    if (as.equals("csv")) {
                        return Response.ok(LedgerCsv.of(read.getItem1()), "text/csv")
                                .header(
                                        HttpHeaders.CONTENT_DISPOSITION,
                                        "attachment; filename=\"enrichment-ledger-" + tenantId + "-" + wanted
                                                + ".csv\"")
                                .build();
                    }
                    return Response.ok(
                                    new LedgerExport(
                                            tenantId,
                                            wanted.toString(),
                                            read.getItem2() != null,
                                            ledger.currency(),
                                            read.getItem1()),
                                    MediaType.APPLICATION_JSON)
                            .build();
                });
    }

    @GET
    @Path("/totals")
    @RolesAllowed(Roles.BILLING_READER)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "getLedgerTotals",
            summary = "A month's usage ledger totals and whether it is closed",
            description = "Role: billing.reader. Sums of the month's lines (net units, net amount, charged and "
                    + "refunded amounts, by provider). A closed month's totals never change.")
    @APIResponse(
            responseCode = "200",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = LedgerTotals.class)))
    @APIResponse(
            responseCode = "400",
            description = "month is malformed or has not started",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "401",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "403",
            description = "The caller lacks billing.reader",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<LedgerTotals> totals(
            @Parameter(description = "Ledger month, YYYY-MM (UTC)", required = true) @QueryParam("month")
                    String month) {
        String tenantId = tenant.tenant();
        return ledger.totals(tenantId, month(month));
    }

    @POST
    @Path("/months/{month}/close")
    @RolesAllowed(Roles.OPERATOR)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "closeLedgerMonth",
            summary = "Close a ledger month now",
            description = "Role: c360.operator. The month must have ended; it otherwise closes by itself "
                    + "enrichment.ledger.close-after-days after its end. Closing a closed month changes nothing. "
                    + "A closed month never changes: later corrections are lines of the month they are made in.")
    @APIResponse(
            responseCode = "200",
            description = "The month's totals, closed",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = LedgerTotals.class)))
    @APIResponse(
            responseCode = "400",
            description = "month is malformed or has not started",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "401",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "403",
            description = "The caller lacks c360.operator",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "409",
            description = "The month has not ended",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<LedgerTotals> close(@Parameter(description = "YYYY-MM") @PathParam("month") String month) {
        String tenantId = tenant.tenant();
        YearMonth wanted = month(month);
        if (!wanted.isBefore(ledger.currentMonth())) {
            throw new ProblemException(ProblemType.CONFLICT, "Month " + wanted + " has not ended");
        }
        return ledger.close(tenantId, wanted, identity.getPrincipal().getName())
                .invoke(closed -> {
                    if (closed) {
                        Log.infof(
                                "Ledger month %s of tenant %s closed by %s",
                                wanted,
                                tenantId,
                                LogSafe.actor(identity.getPrincipal().getName()));
                    }
                })
                .flatMap(closed -> ledger.totals(tenantId, wanted));
    }

    @POST
    @Path("/charges/{chargeId}/refund")
    @RolesAllowed(Roles.OPERATOR)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "refundLedgerLine",
            summary = "Refund a ledger line",
            description = "Role: c360.operator. Writes a refund line that negates the line (its unit goes back to "
                    + "the quota of its month while that month is open). The refund belongs to the line's month, or to "
                    + "the current month when the line's month is closed (an adjustment).")
    @APIResponse(
            responseCode = "200",
            description = "The refund line",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = LedgerLine.class)))
    @APIResponse(
            responseCode = "400",
            description = "chargeId is not a charge id",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "401",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "403",
            description = "The caller lacks c360.operator",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "404",
            description = "No such line of the tenant",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "409",
            description = "The line is a refund or is refunded already",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<LedgerLine> refund(
            @Parameter(
                            description = "The line's charge id",
                            schema =
                                    @Schema(
                                            type = SchemaType.INTEGER,
                                            format = "int64",
                                            minimum = "1",
                                            maximum = MAX_CHARGE_ID))
                    @PathParam("chargeId")
                    String chargeId) {
        String tenantId = tenant.tenant();
        if (chargeId == null || !CHARGE_ID.matcher(chargeId).matches() || Long.parseLong(chargeId) == 0) {
            throw ProblemException.invalid("chargeId", "must be a charge id (a positive whole number)");
        }
        return ledger.refund(tenantId, Long.parseLong(chargeId))
                .call(refund -> refund.units() == 0
                        ? Uni.createFrom().voidItem()
                        : quotas.refunded(tenantId, YearMonth.parse(refund.usageMonth())))
                .invoke(refund -> Log.infof(
                        "Ledger line %s of tenant %s refunded by %s (refund line %s)",
                        refund.refundOf(),
                        tenantId,
                        LogSafe.actor(identity.getPrincipal().getName()),
                        refund.chargeId()));
    }

    /** A month from 2000-01 up to the current one; a 400 naming {@code month} otherwise. */
    YearMonth month(String value) {
        if (value == null || value.isEmpty()) {
            throw ProblemException.invalid("month", "is required as YYYY-MM");
        }
        YearMonth parsed;
        try {
            parsed = MONTH.matcher(value).matches() ? YearMonth.parse(value) : null;
        } catch (java.time.format.DateTimeParseException e) {
            parsed = null;
        }
        if (parsed == null) {
            throw ProblemException.invalid("month", "must be YYYY-MM");
        }
        if (parsed.isBefore(FIRST_MONTH)) {
            throw ProblemException.invalid("month", "must be 2000-01 or later");
        }
        if (parsed.isAfter(ledger.currentMonth())) {
            throw ProblemException.invalid("month", "has not started yet");
        }
        return parsed;
    }

    /** The {@code after} cursor: a charge id, 0 (the default) for the month's start; a 400 naming it otherwise. */
    static long after(String value) {
        if (value == null || value.isEmpty()) {
            return 0;
        }
        if (!CHARGE_ID.matcher(value).matches()) {
            throw ProblemException.invalid("after", "must be a charge id (a whole number from 0)");
        }
        return Long.parseLong(value);
    }
}
