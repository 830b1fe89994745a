package io.customer360.enrichment.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Where Hunter's email finder gets the company's domain from when the customer has no email. */
class LookupSubjectTest {

    private static final LookupSubject WITHOUT_EMAIL =
            new LookupSubject("John Smith", null, "Acme Audio", null, null, null);

    @ParameterizedTest
    @CsvSource({
        "https://www.acme-audio.example/, acme-audio.example",
        "https://shop.acme-audio.example/about?x=1, shop.acme-audio.example",
        "http://ACME-AUDIO.example, acme-audio.example"
    })
    void theWebsiteABusinessProviderReportedGivesTheDomain(String website, String domain) {
        assertThat(WITHOUT_EMAIL.withCompanyWebsite(website).companyDomain()).isEqualTo(domain);
    }

    @ParameterizedTest
    @CsvSource({"acme-audio.example", "not a url", "mailto:someone"})
    void aWebsiteWithoutAHostGivesNoDomain(String website) {
        assertThat(WITHOUT_EMAIL.withCompanyWebsite(website).companyDomain()).isNull();
    }

    @Test
    void aKnownDomainOrAWorkEmailIsNotReplaced() {
        LookupSubject withDomain = new LookupSubject("John Smith", null, "Acme Audio", "acme.example", null, null);
        assertThat(withDomain.withCompanyWebsite("https://other.example").companyDomain())
                .isEqualTo("acme.example");
        LookupSubject withWorkEmail = new LookupSubject("John Smith", "john@acme.example", null, null, null, null);
        assertThat(withWorkEmail.companyDomain()).isEqualTo("acme.example");
        LookupSubject withWebmail = new LookupSubject("John Smith", "john@gmail.com", null, null, null, null);
        assertThat(withWebmail.companyDomain()).isNull();
    }
}
