package io.customer360.profile.domain;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
import java.util.List;

/**
 * An event the store applied (or had applied moments ago, when a redelivery follows a crash between commit and
 * announcement): the customer it landed on, that customer's identity now, the sections it changed and what it was
 * ({@code change}; null for a merge or unmerge, which is no partner event).
 */
@RegisterForReflection
public record AppliedEvent(
        String tenant,
        String eventId,
        String customerId,
        Identity identity,
        List<String> sections,
        Instant occurredAt,
        Change change) {

    /**
     * The event as {@code profile.changed} describes it: type, source, the records it changed and, when it set a
     * ticket's priority, that priority (P1–P4).
     */
    @RegisterForReflection
    public record Change(String eventType, String sourceService, List<RecordRef> records, String priority) {}

    /** A record the event changed, by kind and id: {@code ticket}/{@code TKT-7}. */
    @RegisterForReflection
    public record RecordRef(String kind, String id) {}

    @RegisterForReflection
    public record Identity(String name, String email, String company, String domain) {

        /** The domain is the email's, when there is one. */
        public static Identity of(String name, String email, String company) {
            String domain = email == null || email.indexOf('@') < 0 ? null : email.substring(email.indexOf('@') + 1);
            return new Identity(name, email, company, domain);
        }
    }
}
