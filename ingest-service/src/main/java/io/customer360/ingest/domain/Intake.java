package io.customer360.ingest.domain;

/**
 * One event as it arrived, before validation.
 *
 * @param tenant            tenant named by the subject or token (maybe undeclared)
 * @param payload           the raw bytes
 * @param natsMsgId         the {@code Nats-Msg-Id} header, or null
 * @param subjectCustomerId the subject's customer token, or null over HTTP
 * @param origin            where it came from ({@code nats:...} or {@code http}), shown on dead letters
 * @param deliveryKey       unique per delivery source, so a redelivered message is dead-lettered once
 */
public record Intake(String tenant, byte[] payload, String natsMsgId, String subjectCustomerId, String origin,
        String deliveryKey) {
}
