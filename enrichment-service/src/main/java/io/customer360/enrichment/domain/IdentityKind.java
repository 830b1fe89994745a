package io.customer360.enrichment.domain;

import java.util.Locale;

/**
 * The identity values providers look a customer up by. A customer that gains one enrichment has not been made from
 * is what triggers automatic enrichment. Values are compared in a normal form, so a change of case or spacing is not
 * a new identity.
 */
public enum IdentityKind {
    EMAIL,
    COMPANY;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static IdentityKind fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }

    /** The value in the form it is compared in, or null when there is none. */
    public String normalize(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String trimmed = value.strip().toLowerCase(Locale.ROOT);
        return this == COMPANY ? trimmed.replaceAll("\\s+", " ") : trimmed;
    }

    /** The subject's value of this kind, as given. */
    public String of(LookupSubject subject) {
        return this == EMAIL ? subject.email() : subject.company();
    }
}
