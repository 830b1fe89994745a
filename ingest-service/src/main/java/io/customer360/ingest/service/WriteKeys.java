package io.customer360.ingest.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Write keys of Segment sources: {@code c360wk_} and 256 random bits (base64url). Stored as their SHA-256 only: a key
 * of that entropy cannot be guessed from its hash, so a slow password hash (bcrypt) would only slow every event call.
 */
public final class WriteKeys {

    static final String PREFIX = "c360wk_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private WriteKeys() {}

    public static String generate() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(key);
    }

    public static byte[] hash(String writeKey) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(writeKey.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    /**
     * The write key of an {@code Authorization: Basic} header (the user name; the password is empty in Segment's
     * libraries and ignored), or null when the header is not Basic credentials.
     */
    public static String fromBasicAuthorization(String header) {
        if (header == null || header.length() < 7 || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        String credentials;
        try {
            credentials =
                    new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        int colon = credentials.indexOf(':');
        String user = colon < 0 ? credentials : credentials.substring(0, colon);
        return user.isEmpty() || user.length() > 256 ? null : user;
    }
}
