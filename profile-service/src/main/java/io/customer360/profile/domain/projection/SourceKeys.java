package io.customer360.profile.domain.projection;

import java.util.Locale;

/**
 * Where a record keeps each source's value of a field reported per source ({@link
 * io.customer360.profile.domain.catalog.FieldSpec#bySource()}): in the record's own last-writer-wins map, under
 * {@code <field>@<source>}, so each source's newest value survives the other sources' writes, merges exactly like every
 * other field (in any order), moves with merges and goes with erasure. The source is the event's
 * {@code source_service} as a token: lower-case, {@code [a-z0-9._-]} only (anything else becomes {@code _}), at most
 * {@value #MAX_SOURCE} characters, {@code unknown} when blank; field names never contain {@code @}.
 */
public final class SourceKeys {

    static final int MAX_SOURCE = 64;
    private static final char SEPARATOR = '@';

    private SourceKeys() {}

    public static String key(String field, String sourceService) {
        return field + SEPARATOR + token(sourceService);
    }

    public static String token(String sourceService) {
        if (sourceService == null || sourceService.isBlank()) {
            return "unknown";
        }
        String lower = sourceService.strip().toLowerCase(Locale.ROOT);
        StringBuilder token = new StringBuilder(Math.min(lower.length(), MAX_SOURCE));
        for (int i = 0; i < lower.length() && token.length() < MAX_SOURCE; i++) {
            char c = lower.charAt(i);
            token.append(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-' ? c : '_');
        }
        return token.toString();
    }

    /** The field of a per-source key, or null when {@code key} is a plain field. */
    public static String fieldOf(String key) {
        int at = key.indexOf(SEPARATOR);
        return at < 0 ? null : key.substring(0, at);
    }

    /** The source of a per-source key (call only when {@link #fieldOf} is not null). */
    public static String sourceOf(String key) {
        return key.substring(key.indexOf(SEPARATOR) + 1);
    }
}
