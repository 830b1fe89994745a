package io.customer360.aggregator.api;

import io.customer360.aggregator.service.live.LiveStreams;
import io.customer360.common.auth.Roles;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The live stream of the caller's tenant: every customer change as it happens. */
@Path("/api/v1/views/stream")
@Tag(name = "Customer 360")
@RolesAllowed(Roles.VIEWER)
public class TenantStreamResource {

    private final LiveStreams streams;

    TenantStreamResource(LiveStreams streams) {
        this.streams = streams;
    }

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    // the stream's start asks NATS for the newest sequence and creates its consumer: blocking calls, never on the event
    // loop that serves every other request
    @Blocking
    @Operation(
            operationId = "streamTenantChanges",
            summary = "Live changes of the tenant's customers (server-sent events)",
            description = "Role: c360.viewer. "
                    + "Event `change`: `{sequence, customerId, sections, eventIds, occurredAt}` for each change of a customer of "
                    + "the caller's tenant, its id the change's position in the change log. A client that reconnects with "
                    + "`Last-Event-ID` gets every change after that one, none twice (changes are kept 7 days). Event `ping` "
                    + "every 20 s keeps proxies from closing an idle stream. At the token's expiry a last event `expired` "
                    + "(`{reason, expiredAt}`) ends the stream: reconnect with a fresh token and `Last-Event-ID`.")
    public Multi<OutboundSseEvent> stream(
            @Parameter(description = "The id of the last event received, to resume after it")
                    @HeaderParam("Last-Event-ID")
                    String lastEventId,
            @Context Sse sse) {
        return streams.tenant(LiveStreams.lastEventId(lastEventId), sse);
    }
}
