package io.customer360.aggregator.api;

import io.customer360.aggregator.domain.Customer360;
import io.customer360.aggregator.service.context.ContextPackService;
import io.customer360.aggregator.service.live.LiveStreams;
import io.customer360.aggregator.service.view.Customer360Service;
import io.customer360.aggregator.service.view.ViewOptions;
import io.customer360.common.api.QueryParams;
import io.customer360.common.auth.Roles;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The 360 view of a customer and its context pack for AI assistants. Every access is audited. */
@Path("/api/v1/customer-360/{id}")
@Tag(name = "Customer 360")
@RolesAllowed(Roles.VIEWER)
public class Customer360Resource {

    // a string, not an enum: aggregator.agents.<name> in the configuration can add agent types
    static final String AGENTS = "support, success, sales, billing, security, assistant (default: assistant, every "
            + "provider), or another agent type the deployment configures (aggregator.agents.<name>); any other is a 400";

    private final Customer360Service views;
    private final ContextPackService packs;
    private final LiveStreams streams;

    Customer360Resource(Customer360Service views, ContextPackService packs, LiveStreams streams) {
        this.views = views;
        this.packs = packs;
        this.streams = streams;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "getCustomer360",
            summary = "The 360 view of a customer",
            description = "Role: c360.viewer (c360.sensitive to see sensitive "
                    + "notes). The seed's response format with the same keys, then extensions: `sections` (source, freshness and "
                    + "status of each section: complete, partial, stale, unavailable, not_requested, withheld), `agent`, `focus`, "
                    + "`narrativeEvidence`, `guardrails`, `providers`, `successPlan`, `salesPipeline`, `securitySummary`, "
                    + "`enrichment`, `keyNotes`. Unknown values are present and null. Served from a short-lived cache that "
                    + "customer events invalidate.")
    @APIResponse(
            responseCode = "200",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = Customer360.class)))
    @APIResponse(
            responseCode = "503",
            description = "profile-service is unavailable, or the access could not be audited")
    public Uni<byte[]> get(
            @PathParam("id") String id,
            @Parameter(description = "Agent type: " + AGENTS) @QueryParam("agent") String agent,
            @Parameter(
                            description = "Focus area",
                            schema = @Schema(enumeration = {"health", "risk", "expansion", "renewal", "support"}))
                    @QueryParam("focus")
                    String focus,
            @Parameter(description = "Why the caller looks (audited)") @HeaderParam("X-Purpose") String purpose) {
        return views.viewBytes(id, ViewOptions.rest(agent, focus, purpose));
    }

    @GET
    @Path("/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Blocking // the first view is built before the stream's head is sent (see LiveStreams.customer)
    @Operation(
            operationId = "streamCustomerChanges",
            summary = "The 360 view, live (server-sent events)",
            description = "Role: c360.viewer. Event `view`: the "
                    + "whole view now, as `GET /api/v1/customer-360/{id}` answers it. Then event `sections` whenever the "
                    + "customer's events change it: `{customerId, changed, cause}`, where `changed` holds the parts of the view "
                    + "that differ from the last ones sent and `cause` the changed profile sections and the ids of the events "
                    + "(changes within 250 ms are answered together). Event ids are positions in the change log; a reconnect "
                    + "starts with a new snapshot, so nothing is missed. Event `ping` every 20 s. Every push is audited "
                    + "(channel `stream`). At the token's expiry a last event `expired` (`{reason, expiredAt}`) ends the stream: "
                    + "reconnect with a fresh token.")
    @APIResponse(
            responseCode = "200",
            description = "The stream: events `view`, `sections`, `ping` and, last, `expired`",
            content = @Content(mediaType = MediaType.SERVER_SENT_EVENTS, schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(
            responseCode = "503",
            description = "profile-service is unavailable, or the access could not be audited")
    public Multi<OutboundSseEvent> stream(
            @PathParam("id") String id,
            @Parameter(description = "Agent type: " + AGENTS) @QueryParam("agent") String agent,
            @Parameter(
                            description = "Focus area",
                            schema = @Schema(enumeration = {"health", "risk", "expansion", "renewal", "support"}))
                    @QueryParam("focus")
                    String focus,
            @Parameter(description = "Why the caller looks (audited)") @HeaderParam("X-Purpose") String purpose,
            @Parameter(description = "The id of the last event received") @HeaderParam("Last-Event-ID")
                    String lastEventId,
            @Context Sse sse) {
        LiveStreams.lastEventId(lastEventId); // a malformed id is a 400; any valid one is answered with a snapshot
        return streams.customer(id, new ViewOptions(agent, focus, purpose, "stream"), sse);
    }

    @GET
    @Path("/context")
    @Produces({"text/markdown", MediaType.APPLICATION_JSON})
    @Operation(
            operationId = "getCustomerContext",
            summary = "A context pack for an AI assistant",
            description = "Role: c360.viewer. The view as ranked items "
                    + "(summary, risks first, actions, narrative, opportunities, sections, notes) cut to `maxTokens` (default 2000, "
                    + "100–32000; tokens counted as characters ÷ 4). Redactions and staleness stay marked inline.")
    @APIResponse(
            responseCode = "200",
            description = "The pack, as markdown or JSON",
            content = {
                @Content(mediaType = ContextNegotiation.MARKDOWN, schema = @Schema(type = SchemaType.STRING)),
                @Content(
                        mediaType = MediaType.APPLICATION_JSON,
                        schema = @Schema(implementation = ContextPackSchema.class))
            })
    @APIResponse(
            responseCode = "406",
            description = "The Accept header allows neither form, or not the one `format` names")
    @APIResponse(
            responseCode = "503",
            description = "profile-service is unavailable, or the access could not be audited")
    public Uni<Response> context(
            @PathParam("id") String id,
            @Parameter(description = "Agent type: " + AGENTS) @QueryParam("agent") String agent,
            @Parameter(
                            description = "Token budget",
                            schema =
                                    @Schema(
                                            type = SchemaType.INTEGER,
                                            minimum = "100",
                                            maximum = "32000",
                                            defaultValue = "2000"))
                    @QueryParam("maxTokens")
                    String maxTokens,
            @Parameter(
                            description =
                                    "The pack's form; without it, the Accept header chooses (markdown when both are "
                                            + "acceptable)",
                            schema = @Schema(enumeration = {"markdown", "json"}))
                    @QueryParam("format")
                    String format,
            @Parameter(description = "Why the caller looks (audited)") @HeaderParam("X-Purpose") String purpose,
            @Context HttpHeaders headers) {
        int budget = QueryParams.boundedInt(
                "maxTokens",
                maxTokens,
                ContextPackService.DEFAULT_TOKENS,
                ContextPackService.MIN_TOKENS,
                ContextPackService.MAX_TOKENS);
        String chosen = ContextNegotiation.format(format, headers.getAcceptableMediaTypes());
        String type = "json".equals(chosen) ? MediaType.APPLICATION_JSON : ContextNegotiation.MARKDOWN;
        return packs.pack(id, new ViewOptions(agent, null, purpose, "context"), budget, chosen)
                .map(body -> Response.ok(body, type).build());
    }
}
