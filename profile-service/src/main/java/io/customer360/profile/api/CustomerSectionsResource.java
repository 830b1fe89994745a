package io.customer360.profile.api;

import io.customer360.common.api.Cursors;
import io.customer360.common.api.Page;
import io.customer360.common.api.ProblemException;
import io.customer360.common.api.QueryParams;
import io.customer360.common.auth.Roles;
import io.customer360.common.contract.profile.ContactsSection;
import io.customer360.common.contract.profile.Customer;
import io.customer360.common.contract.profile.CustomerSections;
import io.customer360.common.contract.profile.EngagementSection;
import io.customer360.common.contract.profile.Note;
import io.customer360.common.contract.profile.SalesSection;
import io.customer360.common.contract.profile.SecuritySection;
import io.customer360.common.contract.profile.SubscriptionSection;
import io.customer360.common.contract.profile.SuccessSection;
import io.customer360.common.contract.profile.SupportSection;
import io.customer360.common.contract.profile.UsageSection;
import io.customer360.profile.domain.catalog.Section;
import io.customer360.profile.service.visibility.Redacted;
import io.customer360.profile.service.visibility.Withheld;
import io.customer360.profile.store.CustomerQueries;
import io.customer360.profile.store.SectionQueries;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The parts of a customer's 360 view a reader asks for, in one answer (aggregator-service reads a view's inputs with
 * one call instead of ten): the profile as {@code GET /customers/{id}} answers it, then each part as its own endpoint
 * answers it to the same caller, from the same queries: the customer is resolved and read once, what the visibility
 * rules withhold decided once, and the parts' queries run together.
 */
@Path("/api/v1/customers/{id}/sections")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "360 sections")
@RolesAllowed(Roles.VIEWER)
public class CustomerSectionsResource {

    private static final Map<String, Section> SECTIONS = new LinkedHashMap<>();

    static {
        SECTIONS.put("notes", Section.NOTES);
        SECTIONS.put("subscription", Section.SUBSCRIPTION);
        SECTIONS.put("support", Section.SUPPORT);
        SECTIONS.put("engagement", Section.ENGAGEMENT);
        SECTIONS.put("usage", Section.USAGE);
        SECTIONS.put("sales", Section.SALES);
        SECTIONS.put("security", Section.SECURITY);
        SECTIONS.put("contacts", Section.CONTACTS);
        SECTIONS.put("success", Section.SUCCESS);
    }

    private final CustomerQueries customers;
    private final SectionQueries sections;
    private final CustomerLookup lookup;

    CustomerSectionsResource(CustomerQueries customers, SectionQueries sections, CustomerLookup lookup) {
        this.customers = customers;
        this.sections = sections;
        this.lookup = lookup;
    }

    @GET
    @Operation(
            operationId = "getCustomerSections",
            summary = "Several parts of the 360 view in one answer",
            description =
                    "Role: c360.viewer. `customer` as `GET /api/v1/customers/{id}` answers it, then each part named "
                            + "in `include` (comma-separated: notes, subscription, support, engagement, usage, sales, security, "
                            + "contacts, success) as its own endpoint answers it; `notes` is the first page of `notesLimit` notes "
                            + "(default 50). A part not asked for is null; a part a visibility rule withholds is null and named in "
                            + "`withheld` with the reason its endpoint's 403 gives. An unknown customer is 404, an unknown part 400.")
    public Uni<CustomerSections> get(
            @PathParam("id") String id,
            // its schema (an array of the part names, not exploded) is written by SectionsIncludeOpenApiFilter
            @Parameter(description = "The parts to answer besides the customer, comma-separated") @QueryParam("include")
                    String include,
            @Parameter(
                            description = "How many notes the `notes` part holds",
                            schema =
                                    @Schema(
                                            type = SchemaType.INTEGER,
                                            format = "int32",
                                            minimum = "1",
                                            maximum = "" + Page.MAX_LIMIT,
                                            defaultValue = "" + Page.DEFAULT_LIMIT))
                    @QueryParam("notesLimit")
                    String notesLimit) {
        Set<String> parts = parts(include);
        // Page.limit would name `limit` in its 400
        int noteLimit = QueryParams.boundedInt("notesLimit", notesLimit, Page.DEFAULT_LIMIT, 1, Page.MAX_LIMIT);
        String tenant = lookup.tenant();
        boolean sensitive = lookup.maySeeSensitive();
        return lookup.require(id)
                .chain(resolved -> Uni.combine()
                        .all()
                        .unis(customers.customer(tenant, resolved), lookup.withheld(resolved))
                        .asTuple())
                .chain(both -> {
                    Customer customer = both.getItem1();
                    Withheld withheld = both.getItem2();
                    if (customer == null) {
                        throw ProblemException.notFound("Customer", id);
                    }
                    String customerId = customer.id();
                    List<CustomerSections.WithheldPart> refused = new ArrayList<>();
                    List<String> names = new ArrayList<>();
                    for (String part : parts) {
                        Section section = SECTIONS.get(part);
                        if (withheld.withholds(section)) {
                            refused.add(new CustomerSections.WithheldPart(
                                    part,
                                    "The " + section.wireName() + " of this customer is "
                                            + withheld.sections().get(section)));
                        } else {
                            names.add(part);
                        }
                    }
                    Customer shown = Redacted.customer(customer, withheld);
                    if (names.isEmpty()) {
                        return Uni.createFrom().item(answer(shown, Map.of(), refused));
                    }
                    return sections.pipelined(queries -> {
                        List<Uni<?>> reads = new ArrayList<>();
                        names.forEach(part -> reads.add(read(queries, part, tenant, customerId, sensitive, noteLimit)));
                        return Uni.combine().all().unis(reads).with(results -> {
                            Map<String, Object> found = new LinkedHashMap<>();
                            for (int i = 0; i < names.size(); i++) {
                                found.put(names.get(i), results.get(i));
                            }
                            return answer(shown, found, refused);
                        });
                    });
                });
    }

    private static Uni<?> read(
            SectionQueries sections, String part, String tenant, String customerId, boolean sensitive, int noteLimit) {
        return switch (part) {
            case "notes" ->
                sections.page(tenant, customerId, List.of("note"), Note.class, sensitive, null, noteLimit + 1)
                        .map(items -> Page.of(
                                items,
                                noteLimit,
                                last -> Cursors.encode(OffsetDateTime.parse(last.lastChangedAt()), last.id())));
            case "subscription" -> sections.subscription(tenant, customerId);
            case "support" -> sections.support(tenant, customerId);
            case "engagement" -> sections.engagement(tenant, customerId);
            case "usage" -> sections.usage(tenant, customerId);
            case "sales" -> sections.sales(tenant, customerId, sensitive);
            case "security" -> sections.security(tenant, customerId, sensitive);
            case "contacts" -> sections.contacts(tenant, customerId);
            case "success" -> sections.success(tenant, customerId, sensitive);
            default -> throw new IllegalArgumentException(part);
        };
    }

    @SuppressWarnings("unchecked")
    private static CustomerSections answer(
            Customer customer, Map<String, Object> found, List<CustomerSections.WithheldPart> withheld) {
        return new CustomerSections(
                customer,
                (Page<Note>) found.get("notes"),
                (SubscriptionSection) found.get("subscription"),
                (SupportSection) found.get("support"),
                (EngagementSection) found.get("engagement"),
                (UsageSection) found.get("usage"),
                (SalesSection) found.get("sales"),
                (SecuritySection) found.get("security"),
                (ContactsSection) found.get("contacts"),
                (SuccessSection) found.get("success"),
                List.copyOf(withheld));
    }

    /** The parts named in {@code include}, in their order; none named: none (the customer alone). */
    /** The names {@code include} accepts, in the order of the answer. */
    static List<String> partNames() {
        return List.copyOf(SECTIONS.keySet());
    }

    static Set<String> parts(String include) {
        Set<String> parts = new LinkedHashSet<>();
        if (include == null || include.isBlank()) {
            return parts;
        }
        for (String part : include.split(",")) {
            String name = part.strip();
            if (!SECTIONS.containsKey(name)) {
                throw ProblemException.invalid("include", "each must be one of " + SECTIONS.keySet());
            }
            parts.add(name);
        }
        return parts;
    }
}
