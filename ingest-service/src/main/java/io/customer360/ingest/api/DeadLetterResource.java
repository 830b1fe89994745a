package io.customer360.ingest.api;

import io.customer360.common.api.Cursors;
import io.customer360.common.api.Page;
import io.customer360.common.api.ProblemException;
import io.customer360.common.auth.Roles;
import io.customer360.common.auth.TenantContext;
import io.customer360.ingest.domain.DeadLetter;
import io.customer360.ingest.domain.Outcome;
import io.customer360.ingest.domain.RejectReason;
import io.customer360.ingest.service.IntakeService;
import io.customer360.ingest.store.DeadLetterStore;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.UUID;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The tenant's dead letters: what was not accepted and why; replay once the cause is fixed, or delete. */
@Path("/api/v1/dead-letters")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Dead letters")
@RolesAllowed(Roles.ADMIN)
public class DeadLetterResource {

    private static final Pattern EVENT_TYPE = Pattern.compile("[a-z][a-z0-9_]{0,63}");

    private final DeadLetterStore store;
    private final IntakeService intake;
    private final TenantContext tenant;

    DeadLetterResource(DeadLetterStore store, IntakeService intake, TenantContext tenant) {
        this.store = store;
        this.intake = intake;
        this.tenant = tenant;
    }

    @GET
    @Operation(
            operationId = "listDeadLetters",
            summary = "List dead letters, newest first",
            description = "Role: c360.admin. Filters: `reason` (a reason code), `eventType`, `from` and `to` "
                    + "(ISO-8601 instants, received time, `to` exclusive). Pages with `limit` and `cursor`.")
    public Uni<Page<DeadLetter>> list(
            @Parameter(
                            description = "A dead-letter reason code",
                            schema =
                                    @Schema(
                                            type = SchemaType.STRING,
                                            // RejectReason's codes (DeadLetterResourceTest holds them equal)
                                            enumeration = {
                                                "malformed_json",
                                                "missing_field",
                                                "invalid_type",
                                                "subject_mismatch",
                                                "future_timestamp",
                                                "too_large",
                                                "too_deep",
                                                "unknown_tenant",
                                                "schema_violation",
                                                "unplanned_event_type",
                                                "poison",
                                                "erased_customer",
                                                "identity_conflict"
                                            }))
                    @QueryParam("reason")
                    String reason,
            @Parameter(schema = @Schema(type = SchemaType.STRING, pattern = "^[a-z][a-z0-9_]{0,63}$"))
                    @QueryParam("eventType")
                    String eventType,
            @Parameter(
                            description = "Received at or after (ISO-8601 instant)",
                            schema = @Schema(type = SchemaType.STRING, format = "date-time"))
                    @QueryParam("from")
                    String from,
            @Parameter(
                            description = "Received before (ISO-8601 instant)",
                            schema = @Schema(type = SchemaType.STRING, format = "date-time"))
                    @QueryParam("to")
                    String to,
            @QueryParam("limit") String limit,
            @QueryParam("cursor") String cursor) {
        if (reason != null && RejectReason.fromCode(reason) == null) {
            throw ProblemException.invalid(
                    "reason",
                    "must be one of "
                            + Arrays.stream(RejectReason.values())
                                    .map(RejectReason::code)
                                    .toList());
        }
        if (eventType != null && !EVENT_TYPE.matcher(eventType).matches()) {
            throw ProblemException.invalid("eventType", "must be an event type (snake_case)");
        }
        int size = Page.limit(limit);
        DeadLetterStore.Filter filter =
                new DeadLetterStore.Filter(reason, eventType, instant("from", from), instant("to", to));
        DeadLetterStore.Cursor after =
                Cursors.decode(cursor, (at, id) -> new DeadLetterStore.Cursor(at, UUID.fromString(id)));
        return store.list(tenant.tenant(), filter, after, size + 1)
                .map(items -> Page.of(items, size, last -> Cursors.encode(last.receivedAt(), last.id())));
    }

    @GET
    @Path("/{id}")
    @Operation(
            operationId = "getDeadLetter",
            summary = "One dead letter with its original payload, subject and headers",
            description = "Role: c360.admin.")
    public Uni<DeadLetter> get(@PathParam("id") String id) {
        return store.find(tenant.tenant(), parseId(id))
                .onItem()
                .ifNull()
                .failWith(() -> ProblemException.notFound("Dead letter", id));
    }

    @POST
    @Path("/{id}/replay")
    @Operation(
            operationId = "replayDeadLetter",
            summary = "Run a dead letter through intake again",
            description = "Role: c360.admin. For example after its tracking plan was fixed. Accepted (or found a "
                    + "duplicate): the dead letter is removed. Rejected again: it stays, with the new reason.")
    public Uni<Outcome> replay(@PathParam("id") String id) {
        String tenantId = tenant.tenant();
        UUID uuid = parseId(id);
        return store.replayable(tenantId, uuid)
                .onItem()
                .ifNull()
                .failWith(() -> ProblemException.notFound("Dead letter", id))
                .flatMap(intake::ingest)
                .call(outcome -> outcome.status() == Outcome.Status.REJECTED
                        ? Uni.createFrom().voidItem()
                        : store.delete(tenantId, uuid));
    }

    @DELETE
    @Path("/{id}")
    @Operation(
            operationId = "deleteDeadLetter",
            summary = "Delete a dead letter",
            description = "Role: c360.admin. 204, or 404 when there is none.")
    public Uni<Void> delete(@PathParam("id") String id) {
        return store.delete(tenant.tenant(), parseId(id))
                .invoke(deleted -> {
                    if (!deleted) {
                        throw ProblemException.notFound("Dead letter", id);
                    }
                })
                .replaceWithVoid();
    }

    private static OffsetDateTime instant(String field, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value);
        } catch (DateTimeParseException e) {
            throw ProblemException.invalid(field, "must be an ISO-8601 instant such as 2024-12-14T00:00:00Z");
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
