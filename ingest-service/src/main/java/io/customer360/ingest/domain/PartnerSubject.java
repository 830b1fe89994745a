package io.customer360.ingest.domain;

/**
 * What a partner subject says: {@code customer.events.{customer_id}.{event_type}} belongs to the default tenant,
 * {@code tenant.{tenant}.customer.events.{customer_id}.{event_type}} to the tenant NATS mapped it into.
 * A subject of another shape still names its tenant, but no customer or event type (so nothing is compared).
 */
public record PartnerSubject(String tenant, String customerId, String eventType) {

    public static PartnerSubject parse(String subject, String defaultTenant) {
        if (subject == null) {
            return new PartnerSubject(defaultTenant, null, null);
        }
        String[] tokens = subject.split("\\.", -1);
        if (tokens.length == 4 && tokens[0].equals("customer") && tokens[1].equals("events")) {
            return new PartnerSubject(defaultTenant, tokens[2], tokens[3]);
        }
        if (tokens.length == 6
                && tokens[0].equals("tenant")
                && tokens[2].equals("customer")
                && tokens[3].equals("events")) {
            return new PartnerSubject(tokens[1], tokens[4], tokens[5]);
        }
        if (tokens.length >= 2 && tokens[0].equals("tenant")) {
            return new PartnerSubject(tokens[1], null, null);
        }
        return new PartnerSubject(defaultTenant, null, null);
    }
}
