package io.customer360.common.contract.profile;

import io.customer360.common.api.Page;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * {@code GET /api/v1/customers/{id}/sections?include=…}: the parts of a customer's 360 view a reader asked for, in one
 * answer, each as its own endpoint answers it to the same caller. A part not asked for is null; a part a visibility
 * rule withholds from the caller is null and named in {@code withheld} (its own endpoint answers 403).
 */
@RegisterForReflection
@Schema(name = "CustomerSections", description = "Parts of one customer's 360 view in one answer")
public record CustomerSections(
        @Schema(required = true, description = "As GET /api/v1/customers/{id} answers it")
        Customer customer,

        @Schema(required = true, nullable = true, description = "The first page of notes, newest first")
        Page<Note> notes,

        @Schema(required = true, nullable = true) SubscriptionSection subscription,
        @Schema(required = true, nullable = true) SupportSection support,
        @Schema(required = true, nullable = true) EngagementSection engagement,
        @Schema(required = true, nullable = true) UsageSection usage,
        @Schema(required = true, nullable = true) SalesSection sales,
        @Schema(required = true, nullable = true) SecuritySection security,
        @Schema(required = true, nullable = true) ContactsSection contacts,
        @Schema(required = true, nullable = true) SuccessSection success,

        @Schema(
                required = true,
                description = "The parts asked for that a visibility rule withholds from the caller, with why")
        List<WithheldPart> withheld) {

    /** The parts a reader may ask for ({@code include}), as named there and in {@code withheld}. */
    public static final List<String> PARTS = List.of(
            "notes", "subscription", "support", "engagement", "usage", "sales", "security", "contacts", "success");

    /** A part withheld from the caller: its name and the problem detail its own endpoint would answer. */
    @RegisterForReflection
    @Schema(name = "WithheldPart")
    public record WithheldPart(
            @Schema(required = true) String part,
            @Schema(required = true) String detail) {}
}
