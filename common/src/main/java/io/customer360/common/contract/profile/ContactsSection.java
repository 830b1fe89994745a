package io.customer360.common.contract.profile;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** {@code GET /api/v1/customers/{id}/contacts}: the stakeholder map. */
@RegisterForReflection
@Schema(name = "ContactsSection", description = "Contacts and stakeholders of one customer")
public record ContactsSection(
        @Schema(required = true) long activeContacts,

        @Schema(required = true, description = "Active contacts with role champion")
        List<Contact> champions,

        @Schema(required = true, description = "Active contacts with role executive_sponsor")
        List<Contact> executiveSponsors,

        @Schema(required = true, description = "Removed champions, sponsors and decision makers")
        List<Contact> departedKeyContacts,

        @Schema(required = true, description = "Every contact (at most 200), by name")
        List<Contact> contacts,

        @Schema(required = true) String customerId) {}
