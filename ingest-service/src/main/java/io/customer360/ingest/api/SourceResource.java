package io.customer360.ingest.api;

import io.customer360.common.api.Page;
import io.customer360.common.api.Problem;
import io.customer360.common.api.ProblemException;
import io.customer360.common.auth.Roles;
import io.customer360.common.auth.TenantContext;
import io.customer360.ingest.config.IngestConfig;
import io.customer360.ingest.domain.Source;
import io.customer360.ingest.service.SourceAuthenticator;
import io.customer360.ingest.service.WriteKeys;
import io.customer360.ingest.store.SourceStore;
import io.quarkus.logging.Log;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.OffsetDateTime;
import java.util.UUID;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Sources of the Segment intake: a partner service of the caller's tenant and its write key. The key is answered once,
 * at creation, and stored only as its hash; revoking a source makes its key answer 401.
 */
@Path("/api/v1/sources")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Sources")
@RolesAllowed(Roles.ADMIN)
public class SourceResource {

    /** Printable, at most 128 characters: it becomes the events' {@code source_service}. */
    private static final Pattern NAME = Pattern.compile("[^\\p{Cntrl}]{1,128}");

    private final SourceStore store;
    private final SourceAuthenticator authenticator;
    private final TenantContext tenant;
    private final SecurityIdentity identity;
    private final IngestConfig config;

    SourceResource(
            SourceStore store,
            SourceAuthenticator authenticator,
            TenantContext tenant,
            SecurityIdentity identity,
            IngestConfig config) {
        this.store = store;
        this.authenticator = authenticator;
        this.tenant = tenant;
        this.identity = identity;
        this.config = config;
    }

    /** What to create. */
    public record SourceRequest(String name) {}

    /** A created source with its write key, answered this once. */
    @RegisterForReflection
    public record CreatedSource(
            @Schema(required = true) UUID id,
            @Schema(required = true) String name,
            @Schema(required = true) String writeKey,
            @Schema(required = true) OffsetDateTime createdAt) {}

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "createSource",
            summary = "Create a source and its write key",
            description = "Role: c360.admin. Body `{name}` (1-128 printable characters; it becomes `source_service` of "
                    + "the source's events). The answer carries `writeKey`, shown this once: only its hash is kept.")
    @APIResponse(
            responseCode = "201",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = CreatedSource.class)))
    @APIResponse(
            responseCode = "400",
            description = "name is missing or not 1-128 printable characters",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "401",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "403",
            description = "The caller lacks c360.admin",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> create(SourceRequest request) {
        if (request == null || request.name() == null || request.name().isBlank()) {
            throw ProblemException.invalid("name", "is required");
        }
        if (!NAME.matcher(request.name()).matches()) {
            throw ProblemException.invalid("name", "must be 1-128 printable characters");
        }
        String tenantId = tenant.tenant();
        String writeKey = WriteKeys.generate();
        return store.create(
                        tenantId,
                        request.name().strip(),
                        WriteKeys.hash(writeKey),
                        identity.getPrincipal().getName())
                .invoke(source -> Log.infof("Created Segment source %s for tenant %s", source.id(), tenantId))
                .map(source -> Response.created(URI.create("/api/v1/sources/" + source.id()))
                        .entity(new CreatedSource(source.id(), source.name(), writeKey, source.createdAt()))
                        .build());
    }

    @GET
    @Operation(
            operationId = "listSources",
            summary = "The tenant's sources",
            description = "Role: c360.admin. Newest first (at most `ingest.segment.max-sources`, 500), revoked ones "
                    + "with `revokedAt`; never a write key.")
    @APIResponse(
            responseCode = "200",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = SourcePage.class)))
    @APIResponse(
            responseCode = "401",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "403",
            description = "The caller lacks c360.admin",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Page<Source>> list() {
        return store.list(tenant.tenant(), config.segment().maxSources()).map(sources -> new Page<>(sources, null));
    }

    @DELETE
    @Path("/{id}")
    @Operation(
            operationId = "revokeSource",
            summary = "Revoke a source's write key",
            description = "Role: c360.admin. From now on its key answers 401 (on other replicas within "
                    + "`ingest.segment.key-cache-ttl`, 30 s). Events it sent stay. Revoking again changes nothing.")
    @APIResponse(responseCode = "204", description = "Revoked")
    @APIResponse(
            responseCode = "401",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "403",
            description = "The caller lacks c360.admin",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "404",
            description = "No such source in the caller's tenant",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Void> revoke(@PathParam("id") String id) {
        UUID sourceId;
        try {
            sourceId = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("Source", id.length() > 64 ? id.substring(0, 64) + "…" : id);
        }
        String tenantId = tenant.tenant();
        return store.revoke(tenantId, sourceId, identity.getPrincipal().getName())
                .invoke(revoked -> {
                    if (!revoked) {
                        throw ProblemException.notFound("Source", id);
                    }
                    authenticator.forget();
                    Log.infof("Revoked Segment source %s of tenant %s", sourceId, tenantId);
                })
                .replaceWithVoid();
    }

    /** The list's shape, for the OpenAPI document. */
    @Schema(name = "SourcePage")
    public record SourcePage(@Schema(required = true) java.util.List<Source> items, String nextCursor) {}
}
