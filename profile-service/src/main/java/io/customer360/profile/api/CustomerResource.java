package io.customer360.profile.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.customer360.common.api.Cursors;
import io.customer360.common.api.Page;
import io.customer360.common.api.ProblemException;
import io.customer360.common.auth.Roles;
import io.customer360.common.contract.profile.Customer;
import io.customer360.common.contract.profile.TimelineEvent;
import io.customer360.profile.domain.Purchase;
import io.customer360.profile.domain.catalog.EventCatalog;
import io.customer360.profile.domain.catalog.FieldSpec;
import io.customer360.profile.domain.catalog.Section;
import io.customer360.profile.service.ProfileCommands;
import io.customer360.profile.service.visibility.Redacted;
import io.customer360.profile.service.visibility.Withheld;
import io.customer360.profile.store.CustomerQueries;
import io.customer360.profile.store.CustomerQueries.PurchasePosition;
import io.customer360.profile.store.CustomerQueries.TimelineFilter;
import io.customer360.profile.store.CustomerQueries.TimelinePosition;
import io.customer360.profile.store.RecordViews;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A customer's profile, its edits, its timeline and its purchases. */
@Path("/api/v1/customers/{id}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Customers")
@RolesAllowed(Roles.VIEWER)
public class CustomerResource {

    private static final Pattern EVENT_TYPE = Pattern.compile("[a-z][a-z0-9_]{0,63}");
    /** Editable fields by their API (camelCase) name. */
    private static final Map<String, FieldSpec> EDITABLE = EventCatalog.PROFILE_FIELDS.stream()
            .collect(Collectors.toMap(f -> RecordViews.camelCase(f.name()), f -> f));

    private final CustomerQueries queries;
    private final CustomerLookup lookup;
    private final ProfileCommands commands;

    CustomerResource(CustomerQueries queries, CustomerLookup lookup, ProfileCommands commands) {
        this.queries = queries;
        this.lookup = lookup;
        this.commands = commands;
    }

    @GET
    @Operation(
            operationId = "getCustomer",
            summary = "A customer's profile",
            description =
                    "Role: c360.viewer. An alias of a merged customer answers "
                            + "the surviving profile. What a visibility rule withholds from the caller is null: the account profile (all "
                            + "but id, segments, aliases and times), the lifetime value with commercial records, the health and exit state.")
    public Uni<Customer> get(@PathParam("id") String id) {
        return lookup.visibleCustomer(id);
    }

    /** The profile without what a visibility rule withholds from the caller. */
    private Uni<Customer> visibleCustomer(String customerId) {
        return Uni.combine()
                .all()
                .unis(queries.customer(lookup.tenant(), customerId), lookup.withheld(customerId))
                .with(Redacted::customer);
    }

    @PATCH
    @Consumes({MediaType.APPLICATION_JSON, "application/merge-patch+json"})
    @RolesAllowed(Roles.EDITOR)
    @Operation(
            operationId = "patchCustomer",
            summary = "Change profile fields",
            description =
                    "Role: c360.editor. A JSON merge patch of `name`, `email`, "
                            + "`phone`, `company`, `status`, `industry`, `companySize`, `employees`, `country`, `timezone`, `website`, "
                            + "`lifecycleStage`, `accountOwner`; `null` clears a field (not `email`, which identifies the customer). Recorded on the timeline as a `profile_update` by "
                            + "the caller; a partner event newer than the edit wins over it, an older one does not. Answers the profile.")
    public Uni<Customer> patch(@PathParam("id") String id, JsonNode patch) {
        // the customer first: another tenant's customer is 404 whatever the body says
        return lookup.require(id).flatMap(customerId -> {
            ObjectNode data = JsonNodeFactory.instance.objectNode();
            String email = profileFields(patch, data);
            return commands.submit(lookup.tenant(), customerId, "profile_update", data, email, lookup.actor())
                    .flatMap(ignored -> visibleCustomer(customerId));
        });
    }

    /** Checks the patch and copies it into {@code data} under the catalog's names; answers the new email, if any. */
    static String profileFields(JsonNode patch, ObjectNode data) {
        if (patch == null || !patch.isObject() || patch.isEmpty()) {
            throw ProblemException.invalid("body", "must be a JSON object with at least one field");
        }
        String email = null;
        for (Iterator<Map.Entry<String, JsonNode>> fields = patch.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode value = field.getValue();
            if (field.getKey().equals("email")) {
                if (!value.isTextual() || !value.asText().matches("[^@\\s\\x00]{1,64}@[^@\\s\\x00]{1,255}")) {
                    throw ProblemException.invalid(
                            "email",
                            "must be an email address (it identifies the customer: it can be "
                                    + "changed, not cleared)");
                }
                email = value.asText();
                // in the data too, so a later re-fold of the timeline (merge, unmerge) finds it like a partner's
                data.put("email", email);
                continue;
            }
            FieldSpec spec = EDITABLE.get(field.getKey());
            if (spec == null) {
                throw ProblemException.invalid(field.getKey(), "is not a profile field");
            }
            if (!value.isNull() && spec.type().read(value) == null) {
                throw ProblemException.invalid(field.getKey(), "must be " + describe(spec));
            }
            if (value.isTextual() && value.asText().indexOf('\u0000') >= 0) {
                throw ProblemException.invalid(field.getKey(), "must not contain NUL characters");
            }
            data.set(spec.keys().get(0), value);
        }
        return email;
    }

    @GET
    @Path("/timeline")
    @Operation(
            operationId = "getCustomerTimeline",
            summary = "A customer's timeline, newest first",
            description = "Role: c360.viewer. Filter with `type` (an event type) and `from`/`to` (ISO-8601 instants, "
                    + "`from` inclusive, `to` exclusive); page with `limit` and `cursor`. Sensitive entries are redacted "
                    + "for callers without c360.sensitive; entries of sections a visibility rule (`c360.visibility`) "
                    + "withholds from the caller for this customer are left out.")
    public Uni<Page<TimelineEvent>> timeline(
            @PathParam("id") String id,
            @QueryParam("type") String type,
            @QueryParam("from") String from,
            @QueryParam("to") String to,
            @QueryParam("limit") String limit,
            @QueryParam("cursor") String cursor) {
        if (type != null && !EVENT_TYPE.matcher(type).matches()) {
            throw ProblemException.invalid("type", "must be an event type (snake_case)");
        }
        TimelineFilter filter =
                new TimelineFilter(type, instant("from", from), instant("to", to), lookup.maySeeSensitive());
        int size = Page.limit(limit);
        TimelinePosition after = Cursors.decode(cursor, TimelinePosition::new);
        // entries of sections a visibility rule withholds are left out; the cursor still moves past them
        return lookup.require(id)
                .flatMap(customerId -> Uni.combine()
                        .all()
                        .unis(
                                queries.timeline(lookup.tenant(), customerId, filter, after, size + 1),
                                lookup.withheld(customerId))
                        .asTuple())
                .map(both -> {
                    Page<TimelineEvent> page =
                            Page.of(both.getItem1(), size, last -> Cursors.encode(last.occurredAt(), last.eventId()));
                    Withheld withheld = both.getItem2();
                    return withheld.sections().isEmpty()
                            ? page
                            : new Page<>(
                                    page.items().stream()
                                            .filter(event -> !withheld.withholdsEventType(event.eventType()))
                                            .toList(),
                                    page.nextCursor());
                });
    }

    @GET
    @Path("/purchases")
    @Operation(
            operationId = "listCustomerPurchases",
            summary = "A customer's purchases, newest first",
            description = "Role: c360.viewer. Page with `limit` and `cursor`. A 403 problem naming the rule when a "
                    + "visibility rule withholds the customer's commercial records from the caller.")
    public Uni<Page<Purchase>> purchases(
            @PathParam("id") String id, @QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        int size = Page.limit(limit);
        PurchasePosition after = Cursors.decode(cursor, PurchasePosition::new);
        return lookup.require(id, Section.PURCHASES)
                .flatMap(customerId -> queries.purchases(lookup.tenant(), customerId, after, size + 1))
                .map(items -> Page.of(items, size, last -> Cursors.encode(last.purchasedAt(), last.id())));
    }

    static OffsetDateTime instant(String field, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value);
        } catch (DateTimeParseException e) {
            throw ProblemException.invalid(field, "must be an ISO-8601 instant such as 2026-11-01T00:00:00Z");
        }
    }

    private static String describe(FieldSpec spec) {
        return switch (spec.type()) {
            case INTEGER -> "a whole number";
            case CODE -> "a short code (at most 64 characters)";
            default -> "text";
        };
    }
}
