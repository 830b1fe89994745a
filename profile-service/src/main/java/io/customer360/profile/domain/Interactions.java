package io.customer360.profile.domain;

import java.util.List;

/**
 * Which timeline events are interactions (customer-analytics.md: calls, emails, meetings, support tickets, complaints,
 * feedback): moments the customer and the organization's people deal with each other, each counted once. Everything
 * else on the timeline is not: what machines record (logins, sessions, feature use, security signals), billing
 * (subscriptions, invoices, payments, credits, purchases), how the organization files the customer (segments, profile
 * updates, notes, health signals, milestones, contact records) and the sales pipeline's state (deals, quotes). A ticket
 * or a work order is one interaction, counted when it is opened, not again at each update; a meeting when it is held.
 * profile-service/README.md, Analytics, gives the same list.
 */
public final class Interactions {

    /** The event types counted as interactions: the seed's own words, then the catalog's types that mean the same. */
    public static final List<String> TYPES = List.of(
            // customer-analytics.md's interaction types, as partners may send them (generic timeline entries here)
            "call",
            "email",
            "meeting",
            "complaint",
            "feedback",
            // the event catalog's: a contact, a support request, a service request, a meeting held, a touchpoint, a
            // sales conversation, a survey answer
            "contact",
            "support_ticket",
            "ticket_opened",
            "repair",
            "work_order",
            "meeting_held",
            "csm_touchpoint",
            "sales_activity",
            "nps_response");

    public static final String[] TYPE_ARRAY = TYPES.toArray(String[]::new);

    private Interactions() {}
}
