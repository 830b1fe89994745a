package io.customer360.common.api;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Opaque page cursors: base64url of a small text the store understands; a tampered cursor is a 400. */
public final class Cursors {

    private static final int MAX_CURSOR_LENGTH = 512;

    private Cursors() {
    }

    public static String encode(String position) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(position.getBytes(StandardCharsets.UTF_8));
    }

    /** The decoded position, or null for no cursor. */
    public static String decode(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return null;
        }
        if (cursor.length() > MAX_CURSOR_LENGTH) {
            throw ProblemException.invalid("cursor", "is not a cursor this service issued");
        }
        try {
            return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid("cursor", "is not a cursor this service issued");
        }
    }
}
