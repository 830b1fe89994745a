package io.customer360.profile.api;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.customer360.common.api.Page;
import io.customer360.common.api.Problem;
import io.customer360.common.api.ProblemException;
import io.customer360.common.api.ProblemType;
import io.customer360.common.auth.Roles;
import io.customer360.common.contract.profile.Note;
import io.customer360.profile.domain.catalog.Section;
import io.customer360.profile.service.ProfileCommands;
import io.customer360.profile.store.SectionQueries;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Notes about a customer. A note is sensitive when {@code sensitive} is true: callers without c360.sensitive see it
 * with its title and content removed and {@code redacted: true}, and every timeline entry of it redacted. Notes
 * written here are {@code note} and {@code note_deleted} events on the customer's timeline, like notes partners send.
 *
 * <p>Sensitivity only goes up unless someone who may read the note says otherwise: any editor may raise it (marking
 * a note sensitive hides nothing from that editor they could not already write); lowering it needs c360.sensitive
 * (403 naming {@code sensitive}); a change that does not mention {@code sensitive} keeps it; and a partner's
 * {@code "sensitive": false} never lowers it (Projector).
 */
@Path("/api/v1/customers/{id}/notes")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Notes")
@RolesAllowed(Roles.VIEWER)
public class NoteResource {

    private static final int MAX_CONTENT = 10_000;
    private static final int MAX_TITLE = 200;
    private static final Pattern NOTE_ID = Pattern.compile("[A-Za-z0-9_:.-]{1,128}");
    private static final Pattern CATEGORY = Pattern.compile("[a-z][a-z0-9_]{0,63}");

    /** A note as written through the API. */
    public record NoteInput(String content, String title, String category, Boolean sensitive) {}

    private final SectionQueries sections;
    private final CustomerLookup lookup;
    private final ProfileCommands commands;

    NoteResource(SectionQueries sections, CustomerLookup lookup, ProfileCommands commands) {
        this.sections = sections;
        this.lookup = lookup;
        this.commands = commands;
    }

    @GET
    @Operation(
            operationId = "listCustomerNotes",
            summary = "A customer's notes, most recently changed first",
            description = "Role: c360.viewer. Page with " + "`limit` and `cursor`.")
    public Uni<Page<Note>> list(
            @PathParam("id") String id, @QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        return RecordPages.page(sections, lookup, id, List.of("note"), Note.class, limit, cursor);
    }

    @GET
    @Path("/{noteId}")
    @Operation(operationId = "getCustomerNote", summary = "One note", description = "Role: c360.viewer.")
    public Uni<Note> get(@PathParam("id") String id, @PathParam("noteId") String noteId) {
        return lookup.require(id, Section.NOTES).flatMap(customerId -> note(customerId, noteId));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.EDITOR)
    @Operation(
            operationId = "addCustomerNote",
            summary = "Add a note",
            description =
                    "Role: c360.editor. `content` (required, at most 10,000 characters), "
                            + "`title` (at most 200), `category` (snake_case), `sensitive` (default false; any editor may mark a note "
                            + "sensitive). 201 with the note (redacted for an editor without c360.sensitive who marked it sensitive).")
    public Uni<Response> add(@PathParam("id") String id, NoteInput input) {
        String noteId = "note_" + UUID.randomUUID();
        return lookup.require(id)
                .flatMap(customerId -> {
                    ObjectNode data =
                            withoutUnauthorizedLowering(validated(input).put("note_id", noteId));
                    return commands.submit(lookup.tenant(), customerId, "note", data, null, lookup.actor())
                            .flatMap(ignored -> note(customerId, noteId));
                })
                .map(note ->
                        Response.status(Response.Status.CREATED).entity(note).build());
    }

    @PUT
    @Path("/{noteId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.EDITOR)
    @Operation(
            operationId = "updateCustomerNote",
            summary = "Change a note",
            description = "Role: c360.editor, and c360.sensitive for a sensitive note. The "
                    + "fields given replace the note's, the others are kept: a change without `sensitive` keeps a sensitive note "
                    + "sensitive. Any editor may raise `sensitive` to true; lowering it to false needs c360.sensitive (403 naming "
                    + "`sensitive`). 404 for a note that does not exist or was deleted.")
    public Uni<Note> update(@PathParam("id") String id, @PathParam("noteId") String noteId, NoteInput input) {
        return lookup.require(id)
                .flatMap(customerId -> note(customerId, noteId)
                        .map(existing -> {
                            ObjectNode data = validated(input).put("note_id", noteId);
                            if (isSensitive(existing)
                                    && Boolean.FALSE.equals(input.sensitive())
                                    && !lookup.maySeeSensitive()) {
                                throw new ProblemException(
                                        ProblemType.FORBIDDEN,
                                        "sensitive: only a caller with the role "
                                                + "c360.sensitive may lower a note's sensitivity",
                                        List.of(new Problem.Violation(
                                                "sensitive", "lowering needs the role c360.sensitive")));
                            }
                            requireSensitiveRoleFor(existing);
                            return withoutUnauthorizedLowering(data);
                        })
                        .flatMap(data ->
                                commands.submit(lookup.tenant(), customerId, "note", data, null, lookup.actor()))
                        .flatMap(ignored -> note(customerId, noteId)));
    }

    @DELETE
    @Path("/{noteId}")
    @RolesAllowed(Roles.EDITOR)
    @Operation(
            operationId = "deleteCustomerNote",
            summary = "Delete a note",
            description = "Role: c360.editor, and c360.sensitive for a sensitive note. 204; "
                    + "404 for a note that does not exist.")
    public Uni<Void> delete(@PathParam("id") String id, @PathParam("noteId") String noteId) {
        return lookup.require(id)
                .flatMap(customerId -> note(customerId, noteId)
                        .invoke(this::requireSensitiveRoleFor)
                        .flatMap(existing -> commands.submit(
                                lookup.tenant(),
                                customerId,
                                "note_deleted",
                                JsonNodeFactory.instance.objectNode().put("note_id", noteId),
                                null,
                                lookup.actor())))
                .replaceWithVoid();
    }

    private Uni<Note> note(String customerId, String noteId) {
        if (!NOTE_ID.matcher(noteId).matches()) {
            return Uni.createFrom().failure(ProblemException.notFound("Note", noteId));
        }
        return sections.note(lookup.tenant(), customerId, noteId, lookup.maySeeSensitive())
                .onItem()
                .ifNull()
                .failWith(() -> ProblemException.notFound("Note", noteId));
    }

    /** Only those who may read a sensitive note may change or delete it. */
    private void requireSensitiveRoleFor(Note note) {
        if (isSensitive(note) && !lookup.maySeeSensitive()) {
            throw new ProblemException(
                    ProblemType.FORBIDDEN,
                    "A sensitive note can be changed or deleted only with the " + "role c360.sensitive");
        }
    }

    private static boolean isSensitive(Note note) {
        return Boolean.TRUE.equals(note.sensitive());
    }

    /**
     * A {@code "sensitive": false} from a caller without c360.sensitive is dropped: on a note that is not sensitive it
     * changes nothing, and recorded it would be a lowering that could undo a raise arriving at the same time.
     */
    private ObjectNode withoutUnauthorizedLowering(ObjectNode data) {
        if (!lookup.maySeeSensitive()
                && data.has("sensitive")
                && !data.get("sensitive").asBoolean()) {
            data.remove("sensitive");
        }
        return data;
    }

    static ObjectNode validated(NoteInput input) {
        if (input == null) {
            throw ProblemException.invalid("content", "is required");
        }
        if (input.content() == null || input.content().isBlank()) {
            throw ProblemException.invalid("content", "is required and must not be blank");
        }
        if (input.content().indexOf('\u0000') >= 0
                || (input.title() != null && input.title().indexOf('\u0000') >= 0)) {
            throw ProblemException.invalid(
                    input.content().indexOf('\u0000') >= 0 ? "content" : "title", "must not contain NUL characters");
        }
        if (input.content().length() > MAX_CONTENT) {
            throw ProblemException.invalid("content", "must be at most " + MAX_CONTENT + " characters");
        }
        if (input.title() != null && input.title().length() > MAX_TITLE) {
            throw ProblemException.invalid("title", "must be at most " + MAX_TITLE + " characters");
        }
        if (input.category() != null && !CATEGORY.matcher(input.category()).matches()) {
            throw ProblemException.invalid("category", "must be snake_case, at most 64 characters");
        }
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        data.put("content", input.content());
        if (input.title() != null) {
            data.put("title", input.title());
        }
        if (input.category() != null) {
            data.put("category", input.category());
        }
        if (input.sensitive() != null) {
            data.put("sensitive", input.sensitive());
        }
        return data;
    }
}
