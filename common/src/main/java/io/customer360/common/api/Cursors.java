package io.customer360.common.api;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.function.BiFunction;

/**
 * Opaque keyset cursors: base64url of "{instant}|{id}", the sort key of the last item of a page. A cursor this
 * service did not issue is a 400 naming the {@code cursor} parameter.
 */
public final class Cursors {

    private static final int MAX_CURSOR_LENGTH = 512;

    private Cursors() {
    }

    public static String encode(OffsetDateTime at, Object id) {
        String position = at + "|" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(position.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The position a cursor encodes, built by {@code position} from its instant and id (which may reject the id with
     * an {@link IllegalArgumentException}); null for no cursor.
     */
    public static <T> T decode(String cursor, BiFunction<OffsetDateTime, String, T> position) {
        if (cursor == null || cursor.isEmpty()) {
            return null;
        }
        try {
            if (cursor.length() > MAX_CURSOR_LENGTH) {
                throw new IllegalArgumentException("too long");
            }
            String decoded = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            int separator = decoded.indexOf('|');
            return position.apply(OffsetDateTime.parse(decoded.substring(0, separator)), decoded.substring(separator + 1));
        } catch (IllegalArgumentException | DateTimeParseException | StringIndexOutOfBoundsException e) {
            throw ProblemException.invalid("cursor", "is not a cursor this service issued");
        }
    }
}
