package io.customer360.ingest.domain;

import java.util.List;
import java.util.Map;

/**
 * One event as it arrived, before validation.
 *
 * @param tenant            tenant named by the subject or token (maybe undeclared)
 * @param payload           the raw bytes
 * @param natsMsgId         the {@code Nats-Msg-Id} header, or null
 * @param subject           the NATS subject it arrived on (contract form, without test prefixes), or null over HTTP
 * @param subjectCustomerId the subject's customer token, or null
 * @param subjectEventType  the subject's event type token, or null
 * @param headers           message headers (NATS) worth keeping with a dead letter
 * @param origin            where it came from ({@code nats}, {@code http} or {@code replay}), shown on dead letters
 * @param deliveryKey       unique per delivery, so a redelivered message is dead-lettered once
 */
public record Intake(
        String tenant,
        byte[] payload,
        String natsMsgId,
        String subject,
        String subjectCustomerId,
        String subjectEventType,
        Map<String, List<String>> headers,
        String origin,
        String deliveryKey) {

    /** The origin of an event posted over HTTP (not of its replay); only such an event is retained raw in {@code HTTP_EVENTS}. */
    public static final String HTTP = "http";

    /** The origin of an event sent through the Segment-compatible intake ({@code /v1/}); retained raw like HTTP's. */
    public static final String SEGMENT = "segment";

    public static Intake http(String tenant, byte[] payload, String deliveryKey) {
        return new Intake(tenant, payload, null, null, null, null, Map.of(), HTTP, deliveryKey);
    }

    /** A Segment call translated into a partner event ({@code payload}); {@code headers} name its source. */
    public static Intake segment(String tenant, byte[] payload, Map<String, List<String>> headers, String deliveryKey) {
        return new Intake(tenant, payload, null, null, null, null, headers, SEGMENT, deliveryKey);
    }

    /** Whether the event's bytes are retained in {@code HTTP_EVENTS} once accepted (what came over HTTP). */
    public boolean retainedRaw() {
        return HTTP.equals(origin) || SEGMENT.equals(origin);
    }
}
