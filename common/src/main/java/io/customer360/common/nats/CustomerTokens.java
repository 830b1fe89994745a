package io.customer360.common.nats;

import io.customer360.common.api.CustomerIds;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The subject token that names the customer of an event on the internal subjects
 * ({@code profile.events.{tenant}.{token}.{event_type}}, {@code intake.http.{tenant}.{token}.{event_type}}), so
 * erasure can purge a customer's messages by subject. It is the customer id when the event has one, else
 * {@code email-} and a hash of the email (lower-cased, trimmed): never the email itself, and still computable by
 * profile-service from the identities of the customer it erases.
 */
public final class CustomerTokens {

    private static final String EMAIL = "email-";

    private CustomerTokens() {}

    public static String of(String customerId, String email) {
        if (CustomerIds.isValid(customerId)) {
            return customerId;
        }
        return email == null || email.isBlank() ? "unknown" : ofEmail(email);
    }

    /** The token of events that name a customer only by this email. */
    public static String ofEmail(String email) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(email.trim().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
            return EMAIL + HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
