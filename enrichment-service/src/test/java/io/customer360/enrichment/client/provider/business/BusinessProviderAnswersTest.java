package io.customer360.enrichment.client.provider.business;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.customer360.enrichment.client.provider.ProviderAnswer;
import io.customer360.enrichment.domain.FoundField;
import org.junit.jupiter.api.Test;

/** Google Places (New) and OpenCorporates documented responses become business fields. */
class BusinessProviderAnswersTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void placesTextSearchFirstPlaceGivesRatingReviewsAndHours() throws Exception {
        ProviderAnswer answer = GooglePlaces.toAnswer(JSON.readTree("""
                {"places": [{"displayName": {"text": "Acme Audio", "languageCode": "en"}, "rating": 4.6,
                 "userRatingCount": 231, "regularOpeningHours": {"weekdayDescriptions": ["Monday: 9:00 AM – 6:00 PM"]}}]}"""), 0.7);
        assertThat(answer.fields())
                .extracting(FoundField::field, field -> field.value().toString())
                .containsExactly(
                        tuple("name", "\"Acme Audio\""),
                        tuple("rating", "4.6"),
                        tuple("reviewCount", "231"),
                        tuple("hours", "[\"Monday: 9:00 AM – 6:00 PM\"]"));
    }

    @Test
    void ratingOutsideOneToFiveIsDropped() throws Exception {
        assertThat(GooglePlaces.toAnswer(JSON.readTree("{\"places\": [{\"rating\": 50}]}"), 0.7)
                        .matched())
                .isFalse();
    }

    @Test
    void noPlacesIsNoMatch() throws Exception {
        assertThat(GooglePlaces.toAnswer(JSON.readTree("{}"), 0.7).matched()).isFalse();
    }

    @Test
    void openCorporatesFirstCompanyGivesRegistration() throws Exception {
        ProviderAnswer answer = OpenCorporates.toAnswer(JSON.readTree("""
                {"api_version": "0.4", "results": {"companies": [{"company": {"name": "ACME AUDIO LLC",
                 "company_number": "20181234567", "jurisdiction_code": "us_co", "current_status": "Good Standing"}}],
                 "total_count": 1}}"""), 0.7);
        assertThat(answer.fields())
                .extracting(FoundField::field, field -> field.value().asText())
                .containsExactly(
                        tuple("legalName", "ACME AUDIO LLC"),
                        tuple("registrationNumber", "20181234567"),
                        tuple("jurisdiction", "us_co"),
                        tuple("registrationStatus", "Good Standing"));
    }
}
