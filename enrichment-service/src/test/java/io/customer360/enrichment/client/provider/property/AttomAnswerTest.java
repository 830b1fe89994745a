package io.customer360.enrichment.client.provider.property;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.customer360.enrichment.client.provider.ProviderAnswer;
import io.customer360.enrichment.domain.FoundField;
import io.customer360.enrichment.testing.ProviderResponses;
import org.junit.jupiter.api.Test;

/**
 * ATTOM's documented responses (recorded under {@code provider-responses/attom/}) become property fields: property
 * detail gives the building and lot and never a value; the AVM detail gives the market value with its score.
 */
class AttomAnswerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void propertyDetailGivesBuildingAndLotAndNoMarketValue() throws Exception {
        ProviderAnswer answer =
                Attom.toAnswer(JSON.readTree(ProviderResponses.recorded("attom/property-detail.json")), 0.7);
        assertThat(answer.confidence()).isEqualTo(0.7);
        assertThat(answer.fields())
                .extracting(FoundField::field, field -> field.value().toString())
                .containsExactly(
                        tuple("address", "\"4529 WINONA CT, DENVER, CO 80212\""),
                        tuple("propertyType", "\"SINGLE FAMILY RESIDENCE\""),
                        tuple("yearBuilt", "1900"),
                        tuple("bedrooms", "3"),
                        tuple("bathrooms", "2.0"),
                        tuple("livingAreaSqft", "1494"),
                        tuple("lotSizeAcres", "0.0657"));
    }

    @Test
    void avmDetailGivesTheMarketValueWithItsScoreAsConfidence() throws Exception {
        ProviderAnswer answer =
                AttomAvm.toAnswer(JSON.readTree(ProviderResponses.recorded("attom/attomavm-detail.json")), 0.7);
        assertThat(answer.confidence()).isEqualTo(0.81);
        assertThat(answer.fields())
                .extracting(FoundField::field, field -> field.value().toString())
                .containsExactly(tuple("marketValue", "612000"));
    }

    @Test
    void anAvmWithoutAValueIsNoMatch() throws Exception {
        assertThat(AttomAvm.toAnswer(JSON.readTree("""
                {"status": {"code": 0, "msg": "SuccessWithResult"}, "property": [{"avm": {"amount": {"scr": 80}}}]}"""), 0.7).matched()).isFalse();
        assertThat(AttomAvm.toAnswer(JSON.readTree(ProviderResponses.recorded("attom/property-detail.json")), 0.7)
                        .matched())
                .isFalse();
    }

    @Test
    void successWithoutResultIsNoMatch() throws Exception {
        assertThat(Attom.toAnswer(JSON.readTree("{\"status\": {\"code\": 1, \"msg\": \"SuccessWithoutResult\"}}"), 0.7)
                        .matched())
                .isFalse();
    }
}
