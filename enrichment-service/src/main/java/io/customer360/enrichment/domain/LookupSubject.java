package io.customer360.enrichment.domain;

/**
 * What providers are asked about: the customer's identity from profile-service plus, for property data, an address
 * the caller supplied. Any value may be null; a provider that lacks its inputs is skipped.
 */
public record LookupSubject(String name, String email, String company, String domain, String addressLine1,
        String addressLine2) {

    /** The company's web domain: the one given, else the part of a non-webmail email after the '@'. */
    public String companyDomain() {
        if (domain != null && !domain.isBlank()) {
            return domain;
        }
        if (email == null || email.indexOf('@') < 0) {
            return null;
        }
        String host = email.substring(email.indexOf('@') + 1).toLowerCase(java.util.Locale.ROOT);
        return WEBMAIL.contains(host) ? null : host;
    }

    public boolean hasAddress() {
        return addressLine1 != null && addressLine2 != null;
    }

    private static final java.util.Set<String> WEBMAIL = java.util.Set.of("gmail.com", "googlemail.com", "yahoo.com",
            "hotmail.com", "outlook.com", "live.com", "icloud.com", "aol.com", "proton.me", "protonmail.com", "gmx.net");
}
