package io.customer360.enrichment.client.provider.person;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.customer360.enrichment.client.provider.ProviderAnswer;
import io.customer360.enrichment.domain.DataType;
import io.customer360.enrichment.domain.FoundField;
import io.customer360.enrichment.testing.ProviderResponses;
import org.junit.jupiter.api.Test;

/** Person providers' documented responses become validated fields with a 0-1 confidence. */
class PersonProviderAnswersTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void peopleDataLabsLikelihoodBecomesConfidenceAndItsProfilesBecomeSocial() throws Exception {
        ProviderAnswer answer = PeopleDataLabs.toAnswer(json("""
                {"status": 200, "likelihood": 8, "data": {"full_name": "sean thorne", "job_title": "co-founder",
                 "job_company_name": "people data labs", "linkedin_url": "linkedin.com/in/seanthorne",
                 "twitter_url": "twitter.com/seanthorne5", "facebook_url": null}}"""));
        assertThat(answer.confidence()).isEqualTo(0.8);
        assertThat(answer.fields())
                .extracting(
                        FoundField::dataType,
                        FoundField::field,
                        field -> field.value().asText())
                .containsExactly(
                        tuple(DataType.PERSON, "fullName", "sean thorne"),
                        tuple(DataType.PERSON, "jobTitle", "co-founder"),
                        tuple(DataType.PERSON, "company", "people data labs"),
                        tuple(DataType.SOCIAL, "linkedin", "https://linkedin.com/in/seanthorne"),
                        tuple(DataType.SOCIAL, "twitter", "https://twitter.com/seanthorne5"));
    }

    @Test
    void profileUrlsOnOtherHostsAndControlCharactersAreDropped() throws Exception {
        ProviderAnswer answer = PeopleDataLabs.toAnswer(json("""
                {"likelihood": 5, "data": {"job_title": "cto\\u0000", "linkedin_url": "https://evil.example/linkedin.com/in/x",
                 "twitter_url": "javascript:alert(1)", "facebook_url": "facebook.com.evil.example/x"}}"""));
        assertThat(answer.fields()).isEmpty();
    }

    @Test
    void likelihoodOutsideOneToTenIsNoMatch() throws Exception {
        assertThat(PeopleDataLabs.toAnswer(json("{\"likelihood\": 11, \"data\": {\"job_title\": \"cto\"}}"))
                        .matched())
                .isFalse();
    }

    @Test
    void clearbitHandlesBecomeProfileUrlsWithTheDefaultConfidence() throws Exception {
        ProviderAnswer answer = Clearbit.toAnswer(json("""
                {"person": {"name": {"fullName": "Alex MacCaw"}, "employment": {"name": "Clearbit", "title": "CEO"},
                 "twitter": {"handle": "maccaw"}, "linkedin": {"handle": "in/alex-maccaw"}, "facebook": {"handle": null}},
                 "company": {"name": "Clearbit"}}"""), 0.8);
        assertThat(answer.confidence()).isEqualTo(0.8);
        assertThat(answer.fields())
                .extracting(FoundField::field, field -> field.value().asText())
                .contains(
                        tuple("jobTitle", "CEO"),
                        tuple("twitter", "https://twitter.com/maccaw"),
                        tuple("linkedin", "https://linkedin.com/in/alex-maccaw"));
    }

    @Test
    void hunterVerifierScoreIsAPercentage() throws Exception {
        ProviderAnswer answer = Hunter.verification(json("""
                {"data": {"status": "valid", "result": "deliverable", "score": 91, "email": "a@b.example"}, "meta": {}}"""));
        assertThat(answer.confidence()).isEqualTo(0.91);
        assertThat(answer.fields())
                .extracting(FoundField::field, field -> field.value().asText())
                .containsExactly(tuple("emailStatus", "valid"));
    }

    @Test
    void hunterFinderWithoutEmailIsNoMatch() throws Exception {
        assertThat(Hunter.found(json("{\"data\": {\"email\": null, \"score\": 0}}"))
                        .matched())
                .isFalse();
    }

    @Test
    void fullContactsDocumentedProfileBecomesPersonAndSocialFields() throws Exception {
        ProviderAnswer answer =
                FullContact.toAnswer(json(ProviderResponses.recorded("fullcontact/person-enrich.json")), 0.7);
        assertThat(answer.confidence()).isEqualTo(0.7);
        assertThat(answer.fields())
                .extracting(
                        FoundField::dataType,
                        FoundField::field,
                        field -> field.value().asText())
                .containsExactly(
                        tuple(DataType.PERSON, "fullName", "John Smith"),
                        tuple(DataType.PERSON, "jobTitle", "Principal Audio Engineer"),
                        tuple(DataType.PERSON, "company", "Acme Audio"),
                        tuple(DataType.PERSON, "location", "Denver, Colorado, United States"),
                        tuple(DataType.SOCIAL, "linkedin", "https://www.linkedin.com/in/john-smith-fc"),
                        tuple(DataType.SOCIAL, "twitter", "https://twitter.com/jsmith_fc"));
    }

    @Test
    void fullContactsNotFoundBodyIsNoMatch() throws Exception {
        assertThat(FullContact.toAnswer(json(ProviderResponses.recorded("fullcontact/not-found.json")), 0.7)
                        .matched())
                .isFalse();
    }

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }
}
