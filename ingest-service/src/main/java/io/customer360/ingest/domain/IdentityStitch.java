package io.customer360.ingest.domain;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.customer360.common.api.CustomerIds;
import io.customer360.common.contract.messages.IdentityStitched;
import io.customer360.common.contract.messages.NormalizedEvent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * Identity stitching of the Segment intake: the customer id of an anonymous profile, and the normalized event that asks
 * profile-service to merge it into the known customer ({@link IdentityStitched}, published by ingest-service only:
 * partners may not send that type). Its subject names the known customer; its data names the anonymous profile.
 */
public final class IdentityStitch {

    private IdentityStitch() {}

    /**
     * The customer id of the anonymous profile of {@code anonymousId}: {@code anon-} and the id itself when that is a
     * customer id, else {@code anon-} and 128 bits of its SHA-256 (an anonymous id may hold '.', spaces, or be long).
     */
    public static String anonymousCustomerId(String anonymousId) {
        String plain = IdentityStitched.ANONYMOUS_PREFIX + anonymousId;
        return CustomerIds.isValid(plain)
                ? plain
                : IdentityStitched.ANONYMOUS_PREFIX + sha256(anonymousId).substring(0, 32);
    }

    /** The stitch of {@code anonymousId} into {@code userId}: one id per pair, so a re-published stitch is a duplicate. */
    public static NormalizedEvent event(
            String tenant, String anonymousId, String userId, String sourceName, Instant occurredAt) {
        String anonymousCustomer = anonymousCustomerId(anonymousId);
        return new NormalizedEvent(
                "stitch_" + sha256(anonymousCustomer + "\n" + userId).substring(0, 32),
                tenant,
                userId,
                null,
                IdentityStitched.EVENT_TYPE,
                occurredAt,
                sourceName,
                new IdentityStitched(anonymousCustomer, anonymousId).toData(),
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
