package io.customer360.profile.domain.catalog;

import static io.customer360.profile.domain.catalog.FieldSpec.field;
import static io.customer360.profile.domain.catalog.FieldType.BOOLEAN;
import static io.customer360.profile.domain.catalog.FieldType.CODE;
import static io.customer360.profile.domain.catalog.FieldType.CODE_LIST;
import static io.customer360.profile.domain.catalog.FieldType.CSAT_SCORE;
import static io.customer360.profile.domain.catalog.FieldType.CUSTOM_FIELDS;
import static io.customer360.profile.domain.catalog.FieldType.INTEGER;
import static io.customer360.profile.domain.catalog.FieldType.MONEY;
import static io.customer360.profile.domain.catalog.FieldType.PERCENT;
import static io.customer360.profile.domain.catalog.FieldType.PRIORITY;
import static io.customer360.profile.domain.catalog.FieldType.TAG_LIST;
import static io.customer360.profile.domain.catalog.FieldType.TEXT;
import static io.customer360.profile.domain.catalog.FieldType.TEXT_LIST;
import static io.customer360.profile.domain.catalog.FieldType.TIMESTAMP;
import static io.customer360.profile.domain.catalog.RecordSpec.customer;
import static io.customer360.profile.domain.catalog.RecordSpec.record;
import static io.customer360.profile.domain.catalog.RecordSpec.single;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every event type the store understands and the read models it changes. Any other type becomes a generic timeline
 * entry. Identity fields ({@code customer_name}, {@code company}, {@code customer_phone}, and the email ingest-service
 * found) are read from events of every type. {@code docs/event-catalog.md} documents each type with an example, and
 * the OpenAPI description carries the table rendered from this class.
 */
public final class EventCatalog {

    public static final List<FieldSpec> PROFILE_FIELDS = List.of(
            field("name", TEXT, "name", "customer_name"),
            field("phone", TEXT, "phone", "customer_phone"),
            field("company", TEXT, "company", "company_name"),
            field("status", CODE),
            field("industry", TEXT),
            field("company_size", TEXT),
            field("employees", INTEGER),
            field("country", TEXT),
            field("timezone", TEXT),
            field("website", TEXT),
            field("lifecycle_stage", CODE),
            field("account_owner", TEXT, "account_owner", "csm", "owner"));

    private static final List<FieldSpec> TICKET_FIELDS = List.of(
            field("title", TEXT, "title", "subject"),
            field("status", CODE),
            field("priority", PRIORITY),
            field("category", CODE),
            field("csat", CSAT_SCORE, "csat", "csat_score"),
            field("escalated", BOOLEAN),
            field("assignee", TEXT, "assignee", "assigned_to", "agent"),
            field("channel", CODE),
            // the support SLA's first-response clock stops here (docs/view-fields.md#support-sla)
            field("first_response_at", TIMESTAMP, "first_response_at", "first_replied_at"));

    private static final List<FieldSpec> WORK_ORDER_FIELDS = List.of(
            field("order_type", CODE),
            field("issue_description", TEXT, "issue_description", "description"),
            field("resolution", TEXT),
            field("status", CODE),
            field("priority", PRIORITY),
            field("assigned_to", TEXT),
            field("product_id", TEXT),
            field("cost", MONEY));

    private static final List<FieldSpec> SUBSCRIPTION_FIELDS = List.of(
            field("subscription_id", TEXT),
            field("plan", TEXT, "plan", "plan_name"),
            field("status", CODE),
            field("billing_cycle", CODE),
            field("mrr", MONEY).perSource(),
            field("arr", MONEY).perSource(),
            field("currency", TEXT),
            field("seats_total", INTEGER, "seats_total", "seats").perSource(),
            field("seats_used", INTEGER).perSource(),
            field("started_at", TIMESTAMP),
            field("renewal_date", TIMESTAMP, "renewal_date", "renews_at").perSource(),
            field("contract_end_date", TIMESTAMP, "contract_end_date", "contract_end")
                    .perSource(),
            field("features", TEXT_LIST, "features", "entitled_features"),
            field("auto_renew", BOOLEAN, "auto_renew", "auto_renewal"),
            field("api_calls_included", INTEGER, "api_calls_included", "api_call_limit"),
            field("cancel_reason", TEXT));

    private static final List<FieldSpec> INVOICE_FIELDS = List.of(
            field("amount", MONEY, "amount", "total", "amount_due"),
            field("currency", TEXT),
            field("status", CODE),
            field("due_date", TIMESTAMP));

    private static final List<FieldSpec> PAYMENT_FIELDS = List.of(
            field("amount", MONEY),
            field("currency", TEXT),
            field("invoice_id", TEXT),
            field("failure_reason", TEXT, "failure_reason", "reason"),
            field("method", CODE, "method", "payment_method"));

    private static final List<FieldSpec> CONTACT_FIELDS = List.of(
            field("name", TEXT, "contact_name"),
            field("email", TEXT, "contact_email"),
            field("phone", TEXT, "contact_phone"),
            field("title", TEXT, "job_title", "title"),
            field("role", CODE).perSource(),
            field("is_primary", BOOLEAN),
            // communication preferences: the aggregator never recommends reaching a contact through a channel it
            // refused
            field("opted_out_channels", CODE_LIST, "opted_out_channels", "do_not_contact_via"),
            field("do_not_contact", BOOLEAN));

    private static final List<FieldSpec> NOTE_FIELDS = List.of(
            field("title", TEXT),
            field("content", TEXT, "content", "note", "text", "body", "description"),
            field("category", CODE),
            field("sensitive", BOOLEAN),
            field("author", TEXT, "author", "created_by"),
            field("importance", CODE));

    private static final List<FieldSpec> DEAL_FIELDS = List.of(
            field("name", TEXT, "deal_name", "name"),
            field("stage", CODE),
            field("amount", MONEY),
            field("currency", TEXT),
            field("probability", PERCENT),
            field("close_date", TIMESTAMP, "close_date", "expected_close"),
            field("deal_type", CODE, "deal_type", "type"),
            field("owner", TEXT));

    private static final List<FieldSpec> QUOTE_FIELDS = List.of(
            field("amount", MONEY), field("currency", TEXT), field("deal_id", TEXT), field("expires_at", TIMESTAMP));

    private static final List<FieldSpec> MEETING_FIELDS = List.of(
            field("meeting_type", CODE, "meeting_type", "type"), field("title", TEXT, "title", "subject"),
            field("scheduled_at", TIMESTAMP, "scheduled_at", "scheduled_for"), field("owner", TEXT, "owner", "csm"));

    private static final List<FieldSpec> MILESTONE_FIELDS = List.of(
            field("name", TEXT, "name", "milestone_name", "title"), field("due_date", TIMESTAMP), field("owner", TEXT));

    private static final List<EventType> TYPES = List.of(
            // the seed's types
            type(
                    "purchase",
                    Section.PURCHASES,
                    "A purchase or order: a purchase row; lifetime value is recomputed from all purchases.",
                    List.of(),
                    data(
                            "purchase_id",
                            "ord_12345",
                            "product_name",
                            "Wireless Headphones Pro",
                            "product_sku",
                            "WHP-2000",
                            "quantity",
                            1,
                            "price",
                            299.99,
                            "total",
                            299.99,
                            "warranty_expires",
                            1765670400,
                            "customer_name",
                            "John Smith",
                            "email",
                            "john.smith@example.com")),
            type(
                    "support_ticket",
                    Section.SUPPORT,
                    "A support request (seed): the ticket; with `important` or `save_as_memory`, also a knowledge entry.",
                    List.of(
                            record("ticket", "ticket_id").fields(TICKET_FIELDS).eventTime("opened_at"),
                            record("knowledge", "ticket_id")
                                    .onlyWhen("important", "save_as_memory")
                                    .fields(
                                            field("title", TEXT),
                                            field("content", TEXT, "description"),
                                            field("category", CODE))
                                    .set("source", "support_ticket")),
                    data(
                            "ticket_id",
                            "TKT-5678",
                            "title",
                            "Product not working",
                            "description",
                            "Bluetooth pairing is inconsistent",
                            "status",
                            "open",
                            "priority",
                            "high",
                            "category",
                            "technical",
                            "important",
                            true,
                            "save_as_memory",
                            true)),
            type(
                    "repair",
                    Section.WORK_ORDERS,
                    "A repair (seed): the work order.",
                    List.of(record("work_order", "work_order_id")
                            .fields(WORK_ORDER_FIELDS)
                            .eventTime("created_at")),
                    data(
                            "work_order_id",
                            "WO-9999",
                            "order_type",
                            "repair",
                            "issue_description",
                            "Bluetooth module needs replacement",
                            "status",
                            "open",
                            "priority",
                            "medium",
                            "assigned_to",
                            "technician_05",
                            "product_id",
                            "WHP-2000")),
            type(
                    "work_order",
                    Section.WORK_ORDERS,
                    "A service request (seed): the work order.",
                    List.of(record("work_order", "work_order_id").fields(WORK_ORDER_FIELDS)),
                    data(
                            "work_order_id",
                            "WO-9999",
                            "status",
                            "completed",
                            "resolution",
                            "Module replaced",
                            "cost",
                            49.0)),
            type(
                    "contact",
                    Section.ENGAGEMENT,
                    "A general customer contact (seed): an interaction on the timeline.",
                    List.of(),
                    data("title", "Customer inquiry", "message", "When will my order arrive?", "channel", "email")),
            type(
                    "profile_update",
                    Section.PROFILE,
                    "Profile changes: the customer's fields, each newest-wins.",
                    List.of(customer()
                            .fields(PROFILE_FIELDS)
                            .fields(field("tags", TAG_LIST), field("custom_fields", CUSTOM_FIELDS))),
                    data(
                            "name",
                            "John Smith",
                            "company",
                            "Acme Audio",
                            "industry",
                            "Consumer electronics",
                            "status",
                            "active",
                            "account_owner",
                            "csm_anna",
                            "tags",
                            List.of("vip", "audio"),
                            "custom_fields",
                            Map.of("tier", "gold"))),
            type(
                    "note",
                    Section.NOTES,
                    "A note about the customer; `sensitive: true` hides its text from callers without c360.sensitive.",
                    List.of(record("note", "note_id").fields(NOTE_FIELDS)),
                    data(
                            "note_id",
                            "note_1",
                            "content",
                            "Prefers email over phone",
                            "category",
                            "preference",
                            "sensitive",
                            false)),
            type(
                    "observation",
                    Section.NOTES,
                    "An observation (seed): a note.",
                    List.of(record("note", "note_id").fields(NOTE_FIELDS)),
                    data("content", "Mentioned budget cuts next quarter", "sensitive", true, "author", "csm_anna")),
            type(
                    "note_deleted",
                    Section.NOTES,
                    "A note was deleted (kept as a tombstone, so a replayed note stays deleted).",
                    List.of(record("note", "note_id").set("deleted", true).eventTime("deleted_at")),
                    data("note_id", "note_1")),
            // subscription and billing
            type(
                    "subscription_created",
                    Section.SUBSCRIPTION,
                    "A subscription started.",
                    List.of(single("subscription", "primary")
                            .fields(SUBSCRIPTION_FIELDS)
                            .set("status", "active")),
                    data(
                            "subscription_id",
                            "sub_1",
                            "plan",
                            "Enterprise",
                            "billing_cycle",
                            "annual",
                            "mrr",
                            4200,
                            "seats_total",
                            50,
                            "renewal_date",
                            "2027-03-01",
                            "features",
                            List.of("sso", "api", "analytics"),
                            "auto_renew",
                            true,
                            "api_calls_included",
                            100000)),
            type(
                    "subscription_updated",
                    Section.SUBSCRIPTION,
                    "Subscription fields changed (plan, price, dates, status).",
                    List.of(single("subscription", "primary").fields(SUBSCRIPTION_FIELDS)),
                    data("subscription_id", "sub_1", "mrr", 4800, "contract_end_date", "2027-03-01")),
            type(
                    "subscription_renewed",
                    Section.SUBSCRIPTION,
                    "The subscription renewed.",
                    List.of(single("subscription", "primary")
                            .fields(SUBSCRIPTION_FIELDS)
                            .set("status", "active")
                            .eventTime("renewed_at")),
                    data("subscription_id", "sub_1", "renewal_date", "2028-03-01")),
            type(
                    "subscription_cancelled",
                    Section.SUBSCRIPTION,
                    "The subscription was cancelled.",
                    List.of(single("subscription", "primary")
                            .fields(SUBSCRIPTION_FIELDS)
                            .set("status", "cancelled")
                            .eventTime("cancelled_at")),
                    data("subscription_id", "sub_1", "cancel_reason", "Budget")),
            type(
                    "plan_changed",
                    Section.SUBSCRIPTION,
                    "An upgrade or downgrade.",
                    List.of(single("subscription", "primary")
                            .fields(SUBSCRIPTION_FIELDS)
                            .fields(field("previous_plan", TEXT))
                            .eventTime("plan_changed_at")),
                    data(
                            "subscription_id",
                            "sub_1",
                            "plan",
                            "Enterprise Plus",
                            "previous_plan",
                            "Enterprise",
                            "mrr",
                            6000)),
            type(
                    "seats_changed",
                    Section.SUBSCRIPTION,
                    "Seat count or seats in use changed.",
                    List.of(single("subscription", "primary").fields(SUBSCRIPTION_FIELDS)),
                    data("seats_total", 60, "seats_used", 41)),
            type(
                    "invoice_issued",
                    Section.SUBSCRIPTION,
                    "An invoice was issued (status open).",
                    List.of(record("invoice", "invoice_id")
                            .fields(INVOICE_FIELDS)
                            .set("status", "open")
                            .eventTime("issued_at")),
                    data("invoice_id", "INV-1001", "amount", 4200, "currency", "USD", "due_date", "2026-12-01")),
            type(
                    "invoice_paid",
                    Section.SUBSCRIPTION,
                    "An invoice was paid.",
                    List.of(record("invoice", "invoice_id")
                            .fields(INVOICE_FIELDS)
                            .set("status", "paid")
                            .eventTime("paid_at")),
                    data("invoice_id", "INV-1001", "amount", 4200)),
            type(
                    "invoice_overdue",
                    Section.SUBSCRIPTION,
                    "An invoice is past its due date.",
                    List.of(record("invoice", "invoice_id")
                            .fields(INVOICE_FIELDS)
                            .set("status", "overdue")),
                    data("invoice_id", "INV-1001")),
            type(
                    "invoice_voided",
                    Section.SUBSCRIPTION,
                    "An invoice was voided.",
                    List.of(record("invoice", "invoice_id")
                            .fields(INVOICE_FIELDS)
                            .set("status", "void")),
                    data("invoice_id", "INV-1001")),
            type(
                    "payment_succeeded",
                    Section.SUBSCRIPTION,
                    "A payment went through.",
                    List.of(record("payment", "payment_id")
                            .fields(PAYMENT_FIELDS)
                            .set("status", "succeeded")),
                    data("payment_id", "pay_1", "amount", 4200, "invoice_id", "INV-1001", "payment_method", "card")),
            type(
                    "payment_failed",
                    Section.SUBSCRIPTION,
                    "A payment failed.",
                    List.of(record("payment", "payment_id")
                            .fields(PAYMENT_FIELDS)
                            .set("status", "failed")),
                    data(
                            "payment_id",
                            "pay_2",
                            "amount",
                            4200,
                            "invoice_id",
                            "INV-1002",
                            "failure_reason",
                            "card_declined")),
            type(
                    "credit_issued",
                    Section.SUBSCRIPTION,
                    "A credit was granted (adds to the balance).",
                    List.of(record("credit", "credit_id")
                            .fields(field("amount", MONEY), field("reason", TEXT))
                            .set("direction", "issued")),
                    data("credit_id", "cr_1", "amount", 500, "reason", "Outage compensation")),
            type(
                    "credit_applied",
                    Section.SUBSCRIPTION,
                    "A credit was used (subtracts from the balance).",
                    List.of(record("credit", "credit_id")
                            .fields(field("amount", MONEY), field("invoice_id", TEXT))
                            .set("direction", "applied")),
                    data("credit_id", "cr_1_use", "amount", 200, "invoice_id", "INV-1002")),
            // support
            type(
                    "ticket_opened",
                    Section.SUPPORT,
                    "A ticket was opened.",
                    List.of(record("ticket", "ticket_id")
                            .fields(TICKET_FIELDS)
                            .set("status", "open")
                            .eventTime("opened_at")),
                    data(
                            "ticket_id",
                            "TKT-7",
                            "title",
                            "SSO login loops",
                            "priority",
                            "urgent",
                            "category",
                            "authentication")),
            type(
                    "ticket_updated",
                    Section.SUPPORT,
                    "Ticket fields changed (status, priority, assignee, `first_response_at`: when support first answered).",
                    List.of(record("ticket", "ticket_id").fields(TICKET_FIELDS)),
                    data(
                            "ticket_id",
                            "TKT-7",
                            "status",
                            "pending",
                            "priority",
                            "high",
                            "first_response_at",
                            "2026-11-21T09:40:00Z")),
            type(
                    "ticket_escalated",
                    Section.SUPPORT,
                    "A ticket was escalated.",
                    List.of(record("ticket", "ticket_id")
                            .fields(TICKET_FIELDS)
                            .set("escalated", true)
                            .eventTime("escalated_at")),
                    data("ticket_id", "TKT-7", "reason", "Customer blocked")),
            type(
                    "ticket_resolved",
                    Section.SUPPORT,
                    "A ticket was resolved, optionally with its CSAT (1–5).",
                    List.of(record("ticket", "ticket_id")
                            .fields(TICKET_FIELDS)
                            .set("status", "resolved")
                            .set("escalated", false)
                            .eventTime("resolved_at")),
                    data("ticket_id", "TKT-7", "csat", 4, "resolution", "IdP certificate rotated")),
            // engagement
            type(
                    "nps_response",
                    Section.ENGAGEMENT,
                    "A Net Promoter Score answer (`score` 0–10).",
                    List.of(),
                    data("score", 9, "comment", "Great support", "respondent", "jane@acme.example")),
            type(
                    "meeting_scheduled",
                    Section.ENGAGEMENT,
                    "A meeting (QBR, check-in, onboarding) was scheduled.",
                    List.of(record("meeting", "meeting_id")
                            .fields(MEETING_FIELDS)
                            .set("status", "scheduled")),
                    data(
                            "meeting_id",
                            "mtg_1",
                            "meeting_type",
                            "qbr",
                            "scheduled_at",
                            "2026-12-15T15:00:00Z",
                            "owner",
                            "csm_anna")),
            type(
                    "meeting_held",
                    Section.ENGAGEMENT,
                    "A meeting took place.",
                    List.of(record("meeting", "meeting_id")
                            .fields(MEETING_FIELDS)
                            .set("status", "held")
                            .eventTime("held_at")),
                    data("meeting_id", "mtg_1", "meeting_type", "qbr")),
            type(
                    "meeting_cancelled",
                    Section.ENGAGEMENT,
                    "A meeting was cancelled.",
                    List.of(record("meeting", "meeting_id")
                            .fields(MEETING_FIELDS)
                            .set("status", "cancelled")),
                    data("meeting_id", "mtg_1")),
            type(
                    "csm_touchpoint",
                    Section.ENGAGEMENT,
                    "A customer-success touchpoint (call, email, visit).",
                    List.of(),
                    data("channel", "call", "csm", "csm_anna", "summary", "Discussed the roll-out plan")),
            // contacts
            type(
                    "contact_added",
                    Section.CONTACTS,
                    "A contact person; `role` such as champion, executive_sponsor, decision_maker, billing, user; "
                            + "communication preferences: `opted_out_channels` (`call`, `email`, `meeting`, `sms`) and `do_not_contact`.",
                    List.of(record("contact", "contact_id")
                            .fields(CONTACT_FIELDS)
                            .set("status", "active")),
                    data(
                            "contact_id",
                            "ct_1",
                            "contact_name",
                            "Jane Doe",
                            "contact_email",
                            "jane@acme.example",
                            "job_title",
                            "VP Operations",
                            "role",
                            "champion",
                            "opted_out_channels",
                            List.of("sms"))),
            type(
                    "contact_updated",
                    Section.CONTACTS,
                    "Contact fields changed (role, title, email, communication preferences).",
                    List.of(record("contact", "contact_id").fields(CONTACT_FIELDS)),
                    data("contact_id", "ct_1", "role", "executive_sponsor")),
            type(
                    "contact_removed",
                    Section.CONTACTS,
                    "A contact left or was removed.",
                    List.of(record("contact", "contact_id")
                            .fields(CONTACT_FIELDS)
                            .set("status", "removed")),
                    data("contact_id", "ct_1", "reason", "left_company")),
            type(
                    "contact_activity",
                    Section.CONTACTS,
                    "A contact did something (email, meeting, login): last activity.",
                    List.of(record("contact", "contact_id")
                            .fields(field("last_activity_type", CODE, "activity", "activity_type"))
                            .eventTime("last_activity_at")),
                    data("contact_id", "ct_1", "activity", "email_reply")),
            // security
            type(
                    "login",
                    Section.SECURITY,
                    "A successful sign-in.",
                    List.of(),
                    data("user_id", "u_1", "method", "sso", "ip", "203.0.113.7")),
            type(
                    "login_failed",
                    Section.SECURITY,
                    "A failed sign-in.",
                    List.of(),
                    data("user_id", "u_1", "reason", "bad_password", "ip", "203.0.113.7")),
            type(
                    "mfa_changed",
                    Section.SECURITY,
                    "MFA was switched on or off (`enabled`).",
                    List.of(single("security", "settings")
                            .fields(field("mfa_enabled", BOOLEAN, "enabled", "mfa_enabled"))),
                    data("enabled", true)),
            type(
                    "sso_changed",
                    Section.SECURITY,
                    "SSO was switched on or off (`enabled`, `provider`).",
                    List.of(single("security", "settings")
                            .fields(
                                    field("sso_enabled", BOOLEAN, "enabled", "sso_enabled"),
                                    field("sso_provider", TEXT, "provider", "sso_provider"))),
                    data("enabled", true, "provider", "okta")),
            type(
                    "suspicious_activity",
                    Section.SECURITY,
                    "Suspicious activity was detected (`severity`, `description`).",
                    List.of(),
                    data(
                            "severity",
                            "high",
                            "description",
                            "Sign-ins from two countries within 5 minutes",
                            "ip",
                            "198.51.100.9")),
            type(
                    "security_audit",
                    Section.SECURITY,
                    "A security audit finished (`compliance_score` 0–100, `passed`).",
                    List.of(single("security", "settings")
                            .fields(
                                    field("compliance_score", PERCENT, "compliance_score", "score"),
                                    field("audit_passed", BOOLEAN, "passed", "audit_passed"))
                            .eventTime("last_audit_at")),
                    data("compliance_score", 86, "passed", true)),
            // usage
            type(
                    "session",
                    Section.USAGE,
                    "A product session (`user_id`, `duration_seconds`).",
                    List.of(),
                    data("user_id", "u_1", "duration_seconds", 1260)),
            type(
                    "feature_used",
                    Section.USAGE,
                    "A feature was used (`feature`, `user_id`, `count`).",
                    List.of(),
                    data("feature", "reports", "user_id", "u_1", "count", 3)),
            type(
                    "active_users",
                    Section.USAGE,
                    "Active users of one day (`date`, `count`); a later report of the same day wins.",
                    List.of(single("active_users", null, "date")
                            .fields(field("count", INTEGER, "count", "active_users"), field("date", TIMESTAMP))),
                    data("date", "2026-11-21", "count", 37)),
            // sales
            type(
                    "deal_created",
                    Section.SALES,
                    "A deal was opened.",
                    List.of(record("deal", "deal_id").fields(DEAL_FIELDS).set("status", "open")),
                    data(
                            "deal_id",
                            "deal_1",
                            "deal_name",
                            "Add 20 seats",
                            "stage",
                            "discovery",
                            "amount",
                            24000,
                            "deal_type",
                            "expansion",
                            "close_date",
                            "2027-01-31",
                            "owner",
                            "ae_bob")),
            type(
                    "deal_updated",
                    Section.SALES,
                    "Deal fields changed (stage, amount, close date).",
                    List.of(record("deal", "deal_id").fields(DEAL_FIELDS)),
                    data("deal_id", "deal_1", "stage", "proposal", "probability", 60)),
            type(
                    "deal_won",
                    Section.SALES,
                    "A deal was won.",
                    List.of(record("deal", "deal_id")
                            .fields(DEAL_FIELDS)
                            .set("status", "won")
                            .set("stage", "closed_won")
                            .eventTime("closed_at")),
                    data("deal_id", "deal_1", "amount", 24000)),
            type(
                    "deal_lost",
                    Section.SALES,
                    "A deal was lost.",
                    List.of(record("deal", "deal_id")
                            .fields(DEAL_FIELDS)
                            .fields(field("loss_reason", TEXT, "reason", "loss_reason"))
                            .set("status", "lost")
                            .set("stage", "closed_lost")
                            .eventTime("closed_at")),
                    data("deal_id", "deal_1", "reason", "No budget")),
            type(
                    "feature_requested",
                    Section.SALES,
                    "The customer asked for a feature (`feature`, `requested_by`); the sales section counts the requests "
                            + "per feature, and a feature not in the plan is an upsell opportunity.",
                    List.of(),
                    data("feature", "audit_log", "requested_by", "jane@acme.example", "source", "qbr")),
            type(
                    "quote_sent",
                    Section.SALES,
                    "A quote was sent (pending).",
                    List.of(record("quote", "quote_id")
                            .fields(QUOTE_FIELDS)
                            .set("status", "pending")
                            .eventTime("sent_at")),
                    data("quote_id", "q_1", "deal_id", "deal_1", "amount", 24000, "expires_at", "2026-12-31")),
            type(
                    "quote_accepted",
                    Section.SALES,
                    "A quote was accepted.",
                    List.of(record("quote", "quote_id").fields(QUOTE_FIELDS).set("status", "accepted")),
                    data("quote_id", "q_1")),
            type(
                    "quote_rejected",
                    Section.SALES,
                    "A quote was rejected.",
                    List.of(record("quote", "quote_id").fields(QUOTE_FIELDS).set("status", "rejected")),
                    data("quote_id", "q_1")),
            type(
                    "sales_activity",
                    Section.SALES,
                    "A sales call, email or demo (`activity_type`, `rep`).",
                    List.of(),
                    data("activity_type", "demo", "rep", "ae_bob", "title", "Analytics demo")),
            // customer success
            type(
                    "health_event",
                    Section.SUCCESS,
                    "A customer-success health signal (`signal`, `severity`, `score`).",
                    List.of(),
                    data("signal", "exec_sponsor_left", "severity", "high", "description", "VP Ops left the company")),
            type(
                    "milestone_added",
                    Section.SUCCESS,
                    "A success-plan milestone was planned.",
                    List.of(record("milestone", "milestone_id")
                            .fields(MILESTONE_FIELDS)
                            .set("status", "planned")),
                    data(
                            "milestone_id",
                            "ms_1",
                            "name",
                            "Roll out to EMEA",
                            "due_date",
                            "2027-02-01",
                            "owner",
                            "csm_anna")),
            type(
                    "milestone_completed",
                    Section.SUCCESS,
                    "A success-plan milestone was reached.",
                    List.of(record("milestone", "milestone_id")
                            .fields(MILESTONE_FIELDS)
                            .set("status", "completed")
                            .eventTime("completed_at")),
                    data("milestone_id", "ms_1")),
            type(
                    "milestone_at_risk",
                    Section.SUCCESS,
                    "A success-plan milestone is at risk.",
                    List.of(record("milestone", "milestone_id")
                            .fields(MILESTONE_FIELDS)
                            .set("status", "at_risk")),
                    data("milestone_id", "ms_1", "reason", "Integration blocked")),
            // segments
            type(
                    "segment_joined",
                    Section.SEGMENTS,
                    "The customer joined a segment (`segment_name`, `segment_value`, `description`).",
                    List.of(record("segment", "segment_name")
                            .fields(field("value", MONEY, "segment_value", "value"), field("description", TEXT))
                            .set("active", true)
                            .eventTime("assigned_at")),
                    data(
                            "segment_name",
                            "premium",
                            "segment_value",
                            150.0,
                            "description",
                            "Premium customer with high engagement")),
            type(
                    "segment_left",
                    Section.SEGMENTS,
                    "The customer left a segment.",
                    List.of(record("segment", "segment_name")
                            .set("active", false)
                            .eventTime("left_at")),
                    data("segment_name", "premium")));

    private static final Map<String, EventType> BY_NAME = TYPES.stream()
            .collect(Collectors.toMap(EventType::name, Function.identity(), (a, b) -> a, LinkedHashMap::new));

    private EventCatalog() {}

    public static List<EventType> all() {
        return TYPES;
    }

    public static Optional<EventType> find(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    private static EventType type(
            String name, Section section, String description, List<RecordSpec> records, Map<String, Object> example) {
        return new EventType(name, section, description, records, example);
    }

    private static Map<String, Object> data(Object... keysAndValues) {
        Map<String, Object> data = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            data.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return data;
    }
}
