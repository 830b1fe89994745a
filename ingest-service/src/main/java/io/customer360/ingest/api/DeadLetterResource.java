package io.customer360.ingest.api;

import io.customer360.common.api.Cursors;
import io.customer360.common.api.Page;
import io.customer360.common.api.ProblemException;
import io.customer360.common.auth.Roles;
import io.customer360.common.auth.TenantContext;
import io.customer360.ingest.domain.DeadLetter;
import io.customer360.ingest.domain.RejectReason;
import io.customer360.ingest.store.DeadLetterStore;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The tenant's dead letters: what was not accepted and why. */
@Path("/api/v1/dead-letters")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Dead letters")
@RolesAllowed(Roles.ADMIN)
public class DeadLetterResource {

    private final DeadLetterStore store;
    private final TenantContext tenant;

    DeadLetterResource(DeadLetterStore store, TenantContext tenant) {
        this.store = store;
        this.tenant = tenant;
    }

    @GET
    @Operation(summary = "List dead letters, newest first", description = "Role: c360.admin. Filter by `reason`.")
    public Uni<Page<DeadLetter>> list(@QueryParam("reason") String reason, @QueryParam("limit") String limit,
            @QueryParam("cursor") String cursor) {
        if (reason != null && Arrays.stream(RejectReason.values()).noneMatch(r -> r.code().equals(reason))) {
            throw ProblemException.invalid("reason", "must be one of "
                    + Arrays.stream(RejectReason.values()).map(RejectReason::code).toList());
        }
        int size = Page.limit(limit);
        return store.list(tenant.tenant(), reason, parseCursor(cursor), size + 1)
                .map(items -> page(items, size));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One dead letter with its payload", description = "Role: c360.admin.")
    public Uni<DeadLetter> get(@PathParam("id") String id) {
        UUID uuid = parseId(id);
        return store.find(tenant.tenant(), uuid)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("Dead letter", id));
    }

    private static Page<DeadLetter> page(List<DeadLetter> items, int size) {
        if (items.size() <= size) {
            return new Page<>(items, null);
        }
        DeadLetter last = items.get(size - 1);
        return new Page<>(items.subList(0, size), Cursors.encode(last.receivedAt() + "|" + last.id()));
    }

    private static DeadLetterStore.Cursor parseCursor(String cursor) {
        String position = Cursors.decode(cursor);
        if (position == null) {
            return null;
        }
        String[] parts = position.split("\\|");
        try {
            return new DeadLetterStore.Cursor(OffsetDateTime.parse(parts[0]), UUID.fromString(parts[1]));
        } catch (DateTimeParseException | IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            throw ProblemException.invalid("cursor", "is not a cursor this service issued");
        }
    }

    private static UUID parseId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            // an id that cannot exist is as missing as one that does not
            throw ProblemException.notFound("Dead letter", id);
        }
    }
}
