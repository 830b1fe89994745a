package io.customer360.mesh;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.Nats;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The console's demo accounts of tenant acme, published as partners publish (NATS {@code customer.events.…}, through
 * ingest-service): a troubled enterprise account (usage down, an escalated ticket, an overdue invoice, no meeting for
 * 50 days, a sensitive note) and a healthy one. Times are relative to now, so the risks hold on any day.
 */
final class ConsoleSeed {

    /** The troubled account; search finds it by its company. */
    static final String TROUBLED = "cust_initech";

    static final String TROUBLED_NAME = "Initech";
    static final String TROUBLED_EMAIL = "peter.gibbons@initech.example";
    static final String SENSITIVE_NOTE = "CFO is evaluating a competitor";
    static final String PLAIN_NOTE = "Prefers email over calls";
    static final String HEALTHY = "cust_umbrella";
    static final String HEALTHY_NAME = "Umbrella Corporation";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final JetStream jetStream;
    private final String subjectPrefix;
    private final Instant now = Instant.now();
    private int sequence;
    /** Event id → what it is, for the test's assertions on evidence. */
    final Map<String, String> eventIds = new LinkedHashMap<>();

    private ConsoleSeed(JetStream jetStream, String subjectPrefix) {
        this.jetStream = jetStream;
        this.subjectPrefix = subjectPrefix;
    }

    /** Publishes both accounts through JetStream (each publish acknowledged by the stream). */
    static ConsoleSeed publish(Connection nats, String subjectPrefix) throws Exception {
        ConsoleSeed seed = new ConsoleSeed(nats.jetStream(), subjectPrefix);
        seed.troubledAccount();
        seed.healthyAccount();
        return seed;
    }

    private void troubledAccount() throws Exception {
        String c = TROUBLED;
        event(
                c,
                "profile_update",
                Duration.ofDays(400),
                Map.of(
                        "customer_name",
                        TROUBLED_NAME,
                        "email",
                        TROUBLED_EMAIL,
                        "company",
                        TROUBLED_NAME,
                        "industry",
                        "Financial Services",
                        "account_owner",
                        "Sarah Chen"));
        event(
                c,
                "segment_joined",
                Duration.ofDays(399),
                Map.of("segment_name", "enterprise", "description", "Enterprise accounts"));
        event(
                c,
                "subscription_created",
                Duration.ofDays(300),
                Map.of(
                        "subscription_id",
                        "sub_1",
                        "plan",
                        "Enterprise",
                        "billing_cycle",
                        "annual",
                        "arr",
                        180000,
                        "currency",
                        "USD",
                        "seats_total",
                        50,
                        "seats_used",
                        49,
                        "renewal_date",
                        date(60),
                        "started_at",
                        date(-300),
                        "features",
                        List.of("sso", "api", "analytics", "automations")));
        event(
                c,
                "ticket_opened",
                Duration.ofDays(5),
                Map.of(
                        "ticket_id",
                        "TKT-1",
                        "priority",
                        "high",
                        "category",
                        "integration",
                        "title",
                        "API rate limiting causing batch job failures"));
        eventIds.put(event(c, "ticket_escalated", Duration.ofDays(4), Map.of("ticket_id", "TKT-1")), "escalation");
        eventIds.put(
                event(
                        c,
                        "meeting_held",
                        Duration.ofDays(50),
                        Map.of("meeting_id", "m1", "meeting_type", "checkin", "title", "Quarterly check-in")),
                "meeting");
        event(
                c,
                "invoice_issued",
                Duration.ofDays(70),
                Map.of("invoice_id", "inv_1", "amount", 15000, "currency", "USD", "due_date", date(-40)));
        eventIds.put(event(c, "invoice_overdue", Duration.ofDays(35), Map.of("invoice_id", "inv_1")), "overdue");
        for (int i = 0; i < 10; i++) {
            event(
                    c,
                    "session",
                    Duration.ofDays(35).plusHours(i),
                    Map.of("user_id", "u" + (i % 4), "duration_seconds", 600));
        }
        for (int i = 0; i < 3; i++) {
            event(c, "session", Duration.ofDays(5).plusHours(i), Map.of("user_id", "u" + i, "duration_seconds", 300));
        }
        event(c, "feature_used", Duration.ofDays(3), Map.of("feature", "reports", "user_id", "u1", "count", 3));
        event(c, "feature_used", Duration.ofDays(3), Map.of("feature", "api", "user_id", "u2", "count", 9));
        event(
                c,
                "contact_added",
                Duration.ofDays(60),
                Map.of(
                        "contact_id",
                        "c1",
                        "contact_name",
                        "David Kim",
                        "job_title",
                        "Director of Analytics",
                        "role",
                        "champion",
                        "contact_email",
                        "david.kim@initech.example"));
        event(
                c,
                "contact_added",
                Duration.ofDays(90),
                Map.of(
                        "contact_id",
                        "c2",
                        "contact_name",
                        "Jennifer Wu",
                        "job_title",
                        "VP Operations",
                        "role",
                        "executive_sponsor"));
        event(c, "nps_response", Duration.ofDays(20), Map.of("score", 6, "comment", "Reports are slow"));
        eventIds.put(
                event(
                        c,
                        "note",
                        Duration.ofDays(2),
                        Map.of("note_id", "n1", "title", "Renewal risk", "content", SENSITIVE_NOTE, "sensitive", true)),
                "sensitive-note");
        event(
                c,
                "note",
                Duration.ofDays(1),
                Map.of("note_id", "n2", "title", "Contact preference", "content", PLAIN_NOTE));
    }

    private void healthyAccount() throws Exception {
        String c = HEALTHY;
        event(
                c,
                "profile_update",
                Duration.ofDays(200),
                Map.of(
                        "customer_name",
                        HEALTHY_NAME,
                        "company",
                        HEALTHY_NAME,
                        "email",
                        "ops@umbrella.example",
                        "industry",
                        "Pharmaceuticals",
                        "account_owner",
                        "Sarah Chen"));
        event(c, "segment_joined", Duration.ofDays(199), Map.of("segment_name", "mid_market"));
        event(
                c,
                "subscription_created",
                Duration.ofDays(180),
                Map.of(
                        "subscription_id",
                        "sub_u",
                        "plan",
                        "Growth",
                        "billing_cycle",
                        "monthly",
                        "mrr",
                        2500,
                        "currency",
                        "USD",
                        "seats_total",
                        20,
                        "seats_used",
                        12,
                        "renewal_date",
                        date(200)));
        for (int i = 0; i < 6; i++) {
            event(c, "session", Duration.ofDays(i * 4L + 1), Map.of("user_id", "u" + (i % 3), "duration_seconds", 900));
        }
        event(c, "meeting_held", Duration.ofDays(6), Map.of("meeting_id", "m1", "meeting_type", "qbr", "title", "QBR"));
        event(c, "nps_response", Duration.ofDays(8), Map.of("score", 9));
        event(
                c,
                "ticket_opened",
                Duration.ofDays(9),
                Map.of("ticket_id", "TKT-9", "priority", "low", "title", "Export to CSV"));
        event(c, "ticket_resolved", Duration.ofDays(8), Map.of("ticket_id", "TKT-9", "csat", 5));
    }

    private String event(String customerId, String type, Duration ago, Map<String, Object> data) throws Exception {
        String eventId = customerId + "-" + type + "-" + ++sequence;
        ObjectNode event = JSON.createObjectNode()
                .put("event_id", eventId)
                .put("customer_id", customerId)
                .put("event_type", type)
                .put("timestamp", now.minus(ago).getEpochSecond())
                .put("source_service", "console-seed");
        event.set("data", JSON.valueToTree(data));
        event.putObject("metadata");
        jetStream.publish(subjectPrefix + "customer.events." + customerId + "." + type, JSON.writeValueAsBytes(event));
        return eventId;
    }

    private String date(int days) {
        return LocalDate.ofInstant(now.plus(Duration.ofDays(days)), ZoneOffset.UTC)
                .toString();
    }

    /** Seeds a running mesh by hand: {@code java … ConsoleSeed [nats-url] [subject-prefix]}. */
    public static void main(String[] args) throws Exception {
        try (Connection nats = Nats.connect(args.length > 0 ? args[0] : "nats://127.0.0.1:4222")) {
            ConsoleSeed seed = publish(nats, args.length > 1 ? args[1] : "");
            System.out.println("published; evidence events " + seed.eventIds);
        }
    }
}
