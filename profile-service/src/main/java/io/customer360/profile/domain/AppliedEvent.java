package io.customer360.profile.domain;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
import java.util.List;

/**
 * An event the store applied (or had applied moments ago, when a redelivery follows a crash between commit and
 * announcement): the customer it landed on, that customer's identity now, and the sections it changed.
 */
@RegisterForReflection
public record AppliedEvent(String tenant, String eventId, String customerId, Identity identity, List<String> sections,
        Instant occurredAt) {

    @RegisterForReflection
    public record Identity(String name, String email, String company, String domain) {

        /** The domain is the email's, when there is one. */
        public static Identity of(String name, String email, String company) {
            String domain = email == null || email.indexOf('@') < 0 ? null : email.substring(email.indexOf('@') + 1);
            return new Identity(name, email, company, domain);
        }
    }
}
