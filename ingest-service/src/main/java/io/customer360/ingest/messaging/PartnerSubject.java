package io.customer360.ingest.messaging;

/**
 * What a partner subject says: {@code customer.events.{customer_id}.{event_type}} belongs to the default tenant,
 * {@code tenant.{tenant}.customer.events.{customer_id}.{event_type}} to the tenant NATS mapped it into.
 *
 * @param tenant     tenant of the subject
 * @param customerId customer token of the subject, or null when the subject does not have the documented shape
 */
record PartnerSubject(String tenant, String customerId) {

    static PartnerSubject parse(String subject, String defaultTenant) {
        if (subject == null) {
            return new PartnerSubject(defaultTenant, null);
        }
        String[] tokens = subject.split("\\.");
        if (tokens.length == 4 && tokens[0].equals("customer")) {
            return new PartnerSubject(defaultTenant, tokens[2]);
        }
        if (tokens.length == 6 && tokens[0].equals("tenant")) {
            return new PartnerSubject(tokens[1], tokens[4]);
        }
        if (tokens.length >= 2 && tokens[0].equals("tenant")) {
            return new PartnerSubject(tokens[1], null);
        }
        return new PartnerSubject(defaultTenant, null);
    }
}
