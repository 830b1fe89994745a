package io.customer360.profile.store;

import java.security.SecureRandom;
import java.util.regex.Pattern;

/**
 * Merge ids: {@code mrg_} and 26 base-32 characters of 130 random bits. Opaque on purpose: ids from one sequence
 * shared by every tenant told a tenant how many merges the others made between two of its own. Ids given before
 * (V5 migration) are the text of their old number and stay valid.
 */
public final class MergeIds {

    private static final char[] ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz".toCharArray();
    private static final int LENGTH = 26;
    private static final Pattern VALID = Pattern.compile("mrg_[0-9a-hjkmnp-tv-z]{26}|[1-9][0-9]{0,18}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private MergeIds() {}

    public static String next() {
        StringBuilder id = new StringBuilder("mrg_");
        for (int i = 0; i < LENGTH; i++) {
            id.append(ALPHABET[RANDOM.nextInt(ALPHABET.length)]);
        }
        return id.toString();
    }

    /** A new id, or one given before the ids became opaque. */
    public static boolean isValid(String id) {
        return id != null && VALID.matcher(id).matches();
    }
}
