package io.customer360.ingest.domain;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.customer360.common.api.CustomerIds;
import io.customer360.common.contract.messages.NormalizedEvent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * Identity stitching of the Segment intake: the customer id of an anonymous profile, and the normalized event that asks
 * profile-service to merge it into the known customer ({@value #EVENT_TYPE}, published by ingest-service only: partners
 * may not send that type). Its subject names the known customer; its data names the anonymous profile.
 */
public final class IdentityStitch {

    /** The reserved event type of a stitch; a partner event of this type is refused. */
    public static final String EVENT_TYPE = "identity_stitched";
    /** Every anonymous profile's id starts so; profile-service merges nothing else by stitching. */
    public static final String ANONYMOUS_PREFIX = "anon-";
    /** The field of a stitch's data naming the anonymous profile to merge. */
    public static final String ANONYMOUS_CUSTOMER_FIELD = "anonymous_customer_id";

    private IdentityStitch() {}

    /**
     * The customer id of the anonymous profile of {@code anonymousId}: {@code anon-} and the id itself when that is a
     * customer id, else {@code anon-} and 128 bits of its SHA-256 (an anonymous id may hold '.', spaces, or be long).
     */
    public static String anonymousCustomerId(String anonymousId) {
        String plain = ANONYMOUS_PREFIX + anonymousId;
        return CustomerIds.isValid(plain)
                ? plain
                : ANONYMOUS_PREFIX + sha256(anonymousId).substring(0, 32);
    }

    /** The stitch of {@code anonymousId} into {@code userId}: one id per pair, so a re-published stitch is a duplicate. */
    public static NormalizedEvent event(
            String tenant, String anonymousId, String userId, String sourceName, Instant occurredAt) {
        String anonymousCustomer = anonymousCustomerId(anonymousId);
        ObjectNode data = JsonNodeFactory.instance
                .objectNode()
                .put(ANONYMOUS_CUSTOMER_FIELD, anonymousCustomer)
                .put("anonymous_id", anonymousId);
        return new NormalizedEvent(
                "stitch_" + sha256(anonymousCustomer + "\n" + userId).substring(0, 32),
                tenant,
                userId,
                null,
                EVENT_TYPE,
                occurredAt,
                sourceName,
                data,
                JsonNodeFactory.instance.objectNode(),
                null,
                false,
                Instant.now());
    }

    private static String sha256(String value) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
