package io.customer360.common.api;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.function.BiFunction;

/**
 * Opaque keyset cursors: base64url of "{instant}|{id}" (or of the id alone), the sort key of the last item of a page.
 * A cursor this service did not issue is a 400 naming the {@code cursor} parameter. Cursors are untrusted input that
 * goes into SQL parameters, so a position PostgreSQL cannot take (an id with NUL, an instant outside timestamptz) is
 * refused here rather than failing the query with a 500.
 */
public final class Cursors {

    private static final int MAX_CURSOR_LENGTH = 512;
    /** The range of PostgreSQL's timestamptz, where every issued instant comes from. */
    private static final OffsetDateTime EARLIEST = OffsetDateTime.parse("-4713-11-24T00:00:00Z");

    private static final OffsetDateTime LATEST = OffsetDateTime.parse("+294276-12-31T23:59:59.999999Z");

    private Cursors() {}

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
            String decoded = decodedText(cursor);
            int separator = decoded.indexOf('|');
            OffsetDateTime at = OffsetDateTime.parse(decoded.substring(0, separator));
            if (at.isBefore(EARLIEST) || at.isAfter(LATEST)) {
                throw new IllegalArgumentException("outside timestamptz");
            }
            return position.apply(at, decoded.substring(separator + 1));
        } catch (IllegalArgumentException | DateTimeParseException | StringIndexOutOfBoundsException e) {
            throw notIssued();
        }
    }

    /** A cursor of a list ordered by id alone. */
    public static String encodeId(String id) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(id.getBytes(StandardCharsets.UTF_8));
    }

    /** The id an {@link #encodeId} cursor holds; null for no cursor. */
    public static String decodeId(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return null;
        }
        try {
            return decodedText(cursor);
        } catch (IllegalArgumentException e) {
            throw notIssued();
        }
    }

    private static String decodedText(String cursor) {
        if (cursor.length() > MAX_CURSOR_LENGTH) {
            throw new IllegalArgumentException("too long");
        }
        String decoded = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        if (decoded.indexOf('\u0000') >= 0) {
            // PostgreSQL refuses NUL in text; no id it stores holds one
            throw new IllegalArgumentException("NUL");
        }
        return decoded;
    }

    private static ProblemException notIssued() {
        return ProblemException.invalid("cursor", "is not a cursor this service issued");
    }
}
