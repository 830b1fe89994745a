package io.customer360.enrichment.domain;

import java.net.URI;
import java.util.Locale;
import java.util.Set;

/**
 * What providers are asked about: the customer's identity from profile-service plus, for property data, an address
 * the caller supplied. Any value may be null; a provider that lacks its inputs is skipped.
 */
public record LookupSubject(
        String name, String email, String company, String domain, String addressLine1, String addressLine2) {

    private static final Set<String> WEBMAIL = Set.of(
            "gmail.com",
            "googlemail.com",
            "yahoo.com",
            "hotmail.com",
            "outlook.com",
            "live.com",
            "icloud.com",
            "aol.com",
            "proton.me",
            "protonmail.com",
            "gmx.net");

    /** The company's web domain: the one given, else the part of a non-webmail email after the '@'. */
    public String companyDomain() {
        if (domain != null && !domain.isBlank()) {
            return domain;
        }
        if (email == null || email.indexOf('@') < 0) {
            return null;
        }
        String host = email.substring(email.indexOf('@') + 1).toLowerCase(Locale.ROOT);
        return WEBMAIL.contains(host) ? null : host;
    }

    /**
     * The subject with the company's domain taken from its website (as a business provider reported it) when no
     * domain is known yet; unchanged when the website is absent or not a URL with a host.
     */
    public LookupSubject withCompanyWebsite(String website) {
        if ((domain != null && !domain.isBlank()) || website == null) {
            return this;
        }
        try {
            String host = URI.create(website.strip()).getHost();
            if (host == null || host.isBlank()) {
                return this;
            }
            String known = host.toLowerCase(Locale.ROOT).replaceFirst("^www\\.", "");
            return new LookupSubject(name, email, company, known, addressLine1, addressLine2);
        } catch (IllegalArgumentException notAUrl) {
            return this;
        }
    }

    public boolean hasAddress() {
        return addressLine1 != null && addressLine2 != null;
    }
}
