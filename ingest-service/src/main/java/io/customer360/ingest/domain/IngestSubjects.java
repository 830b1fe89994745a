package io.customer360.ingest.domain;

import io.customer360.common.contract.messages.NormalizedEvent;
import io.customer360.common.nats.CustomerTokens;
import io.customer360.common.nats.Topology;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The subjects ingest-service reads and writes, in contract form (without test prefixes), and the message ids it
 * sets. Every internal {@code Nats-Msg-Id} is qualified by the tenant ({@code {tenant}:{eventId}}): JetStream dedups per
 * stream, and the same partner-chosen id in two tenants is two events (docs/architecture.md, Tenant). The event id users see
 * stays the unqualified one.
 */
public final class IngestSubjects {

    /** Header of a raw HTTP event in {@code HTTP_EVENTS}: where it came from. */
    public static final String ORIGIN_HEADER = "C360-Origin";
    /** Prefix of the raw HTTP events' subjects: {@code intake.http.{tenant}.{customer_token}.{event_type}}. */
    public static final String HTTP_EVENTS = "intake.http.";

    private IngestSubjects() {}

    /** The id JetStream dedups an internal message on: the event id, qualified by its tenant. */
    public static String messageId(String tenant, String eventId) {
        return tenant + ":" + eventId;
    }

    /** The customer token of a normalized event ({@link CustomerTokens}): its customer id, else a hash of its email. */
    public static String customerToken(NormalizedEvent event) {
        return CustomerTokens.of(event.customerId(), event.email());
    }

    /** {@code profile.events.{tenant}.{customer_token}.{event_type}} (stream {@code PROFILE_EVENTS}). */
    public static String profileEvent(NormalizedEvent event) {
        return "profile.events." + event.tenant() + "." + customerToken(event) + "." + event.eventType();
    }

    /** {@code intake.http.{tenant}.{customer_token}.{event_type}} (stream {@code HTTP_EVENTS}): an HTTP event, raw. */
    public static String httpEvent(NormalizedEvent event) {
        return HTTP_EVENTS + event.tenant() + "." + customerToken(event) + "." + event.eventType();
    }

    /** A subject filter of one stream. */
    public record StreamSubject(String stream, String subject) {}

    /**
     * Where a tenant's partner events are retained: the default tenant's plain {@code customer.events.…} in
     * {@code CUSTOMER_EVENTS}, and {@code tenant.{tenant}.customer.events.…} in the tenant's own partner stream
     * ({@code CUSTOMER_EVENTS_<TENANT>}, only for a declared tenant: no other has one). {@code customer} is a customer
     * id, or null for every customer. Stream names are the contract's (without test prefixes).
     */
    public static List<StreamSubject> partnerEvents(
            String tenant, String customer, String defaultTenant, Collection<String> declaredTenants) {
        String token = customer == null ? "*" : customer;
        List<StreamSubject> subjects = new ArrayList<>(2);
        if (tenant.equals(defaultTenant)) {
            subjects.add(new StreamSubject(Topology.CUSTOMER_EVENTS, "customer.events." + token + ".>"));
        }
        if (declaredTenants.contains(tenant)) {
            subjects.add(new StreamSubject(
                    Topology.partnerStream(tenant).name(), "tenant." + tenant + ".customer.events." + token + ".>"));
        }
        return subjects;
    }

    /** The subject filter of a tenant's retained HTTP events in {@code HTTP_EVENTS}; {@code customer} null: all. */
    public static String httpEvents(String tenant, String customer) {
        return HTTP_EVENTS + tenant + "." + (customer == null ? "*" : customer) + ".>";
    }

    /** The tenant and customer token of a raw HTTP event's subject, or null when it is not one. */
    public record HttpSubject(String tenant, String customerToken, String eventType) {

        public static HttpSubject parse(String contractSubject) {
            if (contractSubject == null || !contractSubject.startsWith(HTTP_EVENTS)) {
                return null;
            }
            String[] tokens = contractSubject.substring(HTTP_EVENTS.length()).split("\\.", -1);
            return tokens.length == 3 ? new HttpSubject(tokens[0], tokens[1], tokens[2]) : null;
        }
    }
}
