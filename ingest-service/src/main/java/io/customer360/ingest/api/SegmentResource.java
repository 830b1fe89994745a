package io.customer360.ingest.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.customer360.common.api.Problem;
import io.customer360.common.api.ProblemType;
import io.customer360.ingest.config.IngestConfig;
import io.customer360.ingest.domain.Outcome;
import io.customer360.ingest.domain.SourceIdentity;
import io.customer360.ingest.service.EventParser;
import io.customer360.ingest.service.SegmentIntake;
import io.customer360.ingest.service.SegmentMessages;
import io.customer360.ingest.service.SegmentMessages.Read;
import io.customer360.ingest.service.SourceAuthenticator;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Segment's HTTP tracking API ({@code /v1/track}, {@code identify}, {@code group}, {@code page}, {@code screen},
 * {@code alias}, {@code batch}), so services instrumented with Segment's or RudderStack's libraries send here by
 * changing one URL (docs/segment-intake.md). Authenticated by a source's write key as the user name of HTTP Basic
 * authentication, checked here on every call: the endpoints are {@link PermitAll} for the OIDC layer, and a bearer
 * token is no write key (401). The tenant is always the write key's, never the body's.
 */
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Segment intake")
@PermitAll
@SecurityScheme(
        securitySchemeName = SegmentResource.WRITE_KEY,
        type = SecuritySchemeType.HTTP,
        scheme = "basic",
        description = "A source's write key (POST /api/v1/sources) as the user name, an empty password")
public class SegmentResource {

    static final String WRITE_KEY = "segmentWriteKey";
    private static final String CALL = "Authenticated by a source's write key (HTTP Basic, the key as user name); the "
            + "tenant and `source_service` are the source's. At most 32 KB (400 beyond, Segment's error shape). ";

    private final SourceAuthenticator authenticator;
    private final SegmentIntake segment;
    private final ObjectMapper mapper;
    private final EventParser parser;

    SegmentResource(
            SourceAuthenticator authenticator, SegmentIntake segment, ObjectMapper mapper, IngestConfig config) {
        this.authenticator = authenticator;
        this.segment = segment;
        this.mapper = mapper;
        // a batch nests its calls two levels deeper than a single call
        this.parser = new EventParser(config.maxDepth() + 2);
    }

    /** Segment's answer ({@code success: true}), with what became of each call, in input order. */
    @RegisterForReflection
    public record Accepted(
            @Schema(required = true) boolean success,
            @Schema(required = true) List<EventResource.Result> results) {}

    @POST
    @Path("/track")
    @Operation(
            operationId = "segmentTrack",
            summary = "Record an action (Segment track)",
            description = CALL
                    + "`event` becomes the event type (the tenant's mapping, e.g. `Order Completed` → `purchase`, else its "
                    + "snake_case), `properties` its data.")
    @SecurityRequirement(name = WRITE_KEY)
    @RequestBody(
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = SegmentCall.class)))
    @APIResponse(
            responseCode = "200",
            content =
                    @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Accepted.class)))
    @APIResponse(
            responseCode = "400",
            description = "Too large, not JSON, no userId nor anonymousId, no event name",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = SegmentError.class)))
    @APIResponse(
            responseCode = "401",
            description = "No write key, or an unknown or revoked one",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = SegmentError.class)))
    public Uni<Response> track(
            @Parameter(hidden = true) @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, byte[] body) {
        return call("track", authorization, body);
    }

    @POST
    @Path("/identify")
    @Operation(
            operationId = "segmentIdentify",
            summary = "Tie a user to their traits (Segment identify)",
            description = CALL
                    + "`traits` become profile fields (a `profile_update`). With both `userId` and `anonymousId`, the anonymous "
                    + "profile is merged into the user's (undoable), and later calls with that anonymousId reach the user; an "
                    + "anonymousId already tied to another user is dead-lettered with `identity_conflict`.")
    @SecurityRequirement(name = WRITE_KEY)
    @RequestBody(
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = SegmentCall.class)))
    @APIResponse(
            responseCode = "200",
            content =
                    @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Accepted.class)))
    @APIResponse(
            responseCode = "400",
            description = "Too large, not JSON, no userId nor anonymousId",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = SegmentError.class)))
    @APIResponse(
            responseCode = "401",
            description = "No write key, or an unknown or revoked one",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = SegmentError.class)))
    public Uni<Response> identify(
            @Parameter(hidden = true) @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, byte[] body) {
        return call("identify", authorization, body);
    }

    @POST
    @Path("/group")
    @Operation(
            operationId = "segmentGroup",
            summary = "Tie a user to an account (Segment group)",
            description =
                    CALL + "`traits` become the customer's company fields (a `profile_update`); `groupId` is required.")
    @SecurityRequirement(name = WRITE_KEY)
    @RequestBody(
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = SegmentCall.class)))
    @APIResponse(
            responseCode = "200",
            content =
                    @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Accepted.class)))
    @APIResponse(
            responseCode = "400",
            description = "Too large, not JSON, no userId nor anonymousId, no groupId",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = SegmentError.class)))
    @APIResponse(
            responseCode = "401",
            description = "No write key, or an unknown or revoked one",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = SegmentError.class)))
    public Uni<Response> group(
            @Parameter(hidden = true) @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, byte[] body) {
        return call("group", authorization, body);
    }

    @POST
    @Path("/page")
    @Operation(
            operationId = "segmentPage",
            summary = "Record a page view (Segment page)",
            description = CALL + "Event type `page_viewed`, `properties` and `name` as data.")
    @SecurityRequirement(name = WRITE_KEY)
    @RequestBody(
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = SegmentCall.class)))
    @APIResponse(
            responseCode = "200",
            content =
                    @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Accepted.class)))
    @APIResponse(
            responseCode = "400",
            description = "Too large, not JSON, no userId nor anonymousId",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = SegmentError.class)))
    @APIResponse(
            responseCode = "401",
            description = "No write key, or an unknown or revoked one",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = SegmentError.class)))
    public Uni<Response> page(
            @Parameter(hidden = true) @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, byte[] body) {
        return call("page", authorization, body);
    }

    @POST
    @Path("/screen")
    @Operation(
            operationId = "segmentScreen",
            summary = "Record a screen view (Segment screen)",
            description = CALL + "Event type `screen_viewed`, `properties` and `name` as data.")
    @SecurityRequirement(name = WRITE_KEY)
    @RequestBody(
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = SegmentCall.class)))
    @APIResponse(
            responseCode = "200",
            content =
                    @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Accepted.class)))
    @APIResponse(
            responseCode = "400",
            description = "Too large, not JSON, no userId nor anonymousId",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = SegmentError.class)))
    @APIResponse(
            responseCode = "401",
            description = "No write key, or an unknown or revoked one",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = SegmentError.class)))
    public Uni<Response> screen(
            @Parameter(hidden = true) @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, byte[] body) {
        return call("screen", authorization, body);
    }

    @POST
    @Path("/alias")
    @Operation(
            operationId = "segmentAlias",
            summary = "Tie a previous id to a user (Segment alias)",
            description = CALL
                    + "`previousId` is taken as an anonymous id: its profile is merged into `userId`'s as identify does; a "
                    + "`user_aliased` event lands on the user's timeline.")
    @SecurityRequirement(name = WRITE_KEY)
    @RequestBody(
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = SegmentCall.class)))
    @APIResponse(
            responseCode = "200",
            content =
                    @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Accepted.class)))
    @APIResponse(
            responseCode = "400",
            description = "Too large, not JSON, no userId or no previousId",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = SegmentError.class)))
    @APIResponse(
            responseCode = "401",
            description = "No write key, or an unknown or revoked one",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = SegmentError.class)))
    public Uni<Response> alias(
            @Parameter(hidden = true) @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, byte[] body) {
        return call("alias", authorization, body);
    }

    @POST
    @Path("/batch")
    @Operation(
            operationId = "segmentBatch",
            summary = "Send many calls at once (Segment batch)",
            description = "Authenticated "
                    + "by a source's write key (HTTP Basic, the key as user name). Body `{batch: [calls], context?, integrations?, "
                    + "sentAt?}`, each call naming its `type`; at most 500 KB, each call at most 32 KB (400 beyond, nothing "
                    + "taken). A call that cannot be taken (no userId nor anonymousId, unknown type, ...) is dead-lettered with "
                    + "its reason and the others are taken: 200 with a result per call.")
    @SecurityRequirement(name = WRITE_KEY)
    @RequestBody(
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = SegmentBatch.class)))
    @APIResponse(
            responseCode = "200",
            content =
                    @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Accepted.class)))
    @APIResponse(
            responseCode = "400",
            description = "Too large (the batch or one call), not JSON, no batch array",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = SegmentError.class)))
    @APIResponse(
            responseCode = "401",
            description = "No write key, or an unknown or revoked one",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = SegmentError.class)))
    public Uni<Response> batch(
            @Parameter(hidden = true) @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, byte[] body) {
        return authenticated(authorization, source -> {
            if (body.length > SegmentMessages.MAX_BATCH_BYTES) {
                return tooLarge("body", body.length, SegmentMessages.MAX_BATCH_BYTES);
            }
            EventParser.Parsed parsed = parser.parse(body);
            if (parsed.rejection() != null) {
                return Uni.createFrom()
                        .item(SegmentError.invalid(
                                "invalid_json", "body", parsed.rejection().detail()));
            }
            JsonNode tree = parsed.tree();
            if (!tree.isObject() || !tree.path("batch").isArray()) {
                return Uni.createFrom()
                        .item(SegmentError.invalid("invalid_batch", "batch", "must be an array of calls"));
            }
            Instant receivedAt = Instant.now();
            List<JsonNode> messages = new ArrayList<>(tree.get("batch").size());
            List<Read> reads = new ArrayList<>(tree.get("batch").size());
            for (int i = 0; i < tree.get("batch").size(); i++) {
                JsonNode message = tree.get("batch").get(i);
                int size = size(message);
                if (size > SegmentMessages.MAX_CALL_BYTES) {
                    return tooLarge("batch[" + i + "]", size, SegmentMessages.MAX_CALL_BYTES);
                }
                messages.add(message);
                reads.add(segment.read(source.tenant(), message, null, tree, receivedAt));
            }
            return segment.ingest(source, messages, reads).map(SegmentResource::accepted);
        });
    }

    @POST
    @Path("/{call}")
    @Operation(hidden = true)
    public Uni<Response> unknown(
            @PathParam("call") String call, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, byte[] body) {
        return authenticated(
                authorization,
                source -> Uni.createFrom()
                        .item(SegmentError.invalid(
                                "invalid_call_type",
                                "type",
                                "this API takes track, identify, group, page, screen, alias and batch")));
    }

    private Uni<Response> call(String type, String authorization, byte[] body) {
        return authenticated(authorization, source -> {
            if (body.length > SegmentMessages.MAX_CALL_BYTES) {
                return tooLarge("body", body.length, SegmentMessages.MAX_CALL_BYTES);
            }
            EventParser.Parsed parsed = parser.parse(body);
            if (parsed.rejection() != null) {
                return Uni.createFrom()
                        .item(SegmentError.invalid(
                                "invalid_json", "body", parsed.rejection().detail()));
            }
            Read read = segment.read(source.tenant(), parsed.tree(), type, null, Instant.now());
            if (read.rejection() != null) {
                // a single call is answered, not dead-lettered: its sender is told at once
                Problem.Violation first = read.rejection().violations().get(0);
                return Uni.createFrom()
                        .item(SegmentError.invalid(read.rejection().reason().code(), first.field(), first.message()));
            }
            return segment.ingest(source, List.of(parsed.tree()), List.of(read)).map(SegmentResource::accepted);
        });
    }

    private Uni<Response> authenticated(String authorization, Function<SourceIdentity, Uni<Response>> work) {
        return authenticator
                .authenticate(authorization)
                .flatMap(source ->
                        source == null ? Uni.createFrom().item(SegmentError.unauthorized()) : work.apply(source));
    }

    private static Uni<Response> tooLarge(String field, int size, int limit) {
        return Uni.createFrom()
                .item(SegmentError.of(
                                ProblemType.VALIDATION,
                                "payload_too_large",
                                field + " is " + size + " bytes; the limit is " + limit,
                                List.of(new Problem.Violation(field, "at most " + limit + " bytes")))
                        .response());
    }

    private int size(JsonNode message) {
        try {
            return mapper.writeValueAsBytes(message).length;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("A JSON tree always serializes", e);
        }
    }

    private static Response accepted(List<Outcome> outcomes) {
        return Response.ok(new Accepted(
                        true,
                        IntStream.range(0, outcomes.size())
                                .mapToObj(i -> new EventResource.Result(
                                        i,
                                        outcomes.get(i).eventId(),
                                        outcomes.get(i).status(),
                                        outcomes.get(i).reason(),
                                        outcomes.get(i).detail()))
                                .toList()))
                .build();
    }

    /** The fields of a Segment call this intake reads (documentation only; any other field is kept in the metadata). */
    @Schema(name = "SegmentCall")
    public record SegmentCall(
            String type,
            String userId,
            String anonymousId,
            String previousId,
            String groupId,
            String event,
            String name,
            String category,
            Object properties,
            Object traits,
            Object context,
            Object integrations,
            String messageId,
            String timestamp,
            String originalTimestamp,
            String sentAt) {}

    /** A Segment batch (documentation only). */
    @Schema(name = "SegmentBatch")
    public record SegmentBatch(List<SegmentCall> batch, Object context, Object integrations, String sentAt) {}
}
