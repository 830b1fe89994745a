package io.customer360.enrichment.client.provider.property;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.customer360.enrichment.client.provider.ProviderAnswer;
import io.customer360.enrichment.domain.FoundField;
import org.junit.jupiter.api.Test;

/** ATTOM property detail's documented response becomes property fields; a market value is read when present. */
class AttomAnswerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void propertyDetailGivesBuildingAndLot() throws Exception {
        ProviderAnswer answer = Attom.toAnswer(JSON.readTree("""
                {"status": {"code": 0, "msg": "SuccessWithResult", "total": 1},
                 "property": [{"address": {"oneLine": "4529 WINONA CT, DENVER, CO 80212"},
                   "summary": {"propertyType": "SINGLE FAMILY RESIDENCE", "yearbuilt": 1900},
                   "building": {"size": {"livingsize": 1494}, "rooms": {"bathstotal": 2.0, "beds": 3}},
                   "lot": {"lotsize1": 0.0657}, "assessment": {"market": {"mktttlvalue": 512000}}}]}"""), 0.7);
        assertThat(answer.fields()).extracting(FoundField::field, field -> field.value().toString())
                .containsExactly(tuple("address", "\"4529 WINONA CT, DENVER, CO 80212\""),
                        tuple("propertyType", "\"SINGLE FAMILY RESIDENCE\""), tuple("yearBuilt", "1900"),
                        tuple("bedrooms", "3"), tuple("bathrooms", "2.0"), tuple("livingAreaSqft", "1494"),
                        tuple("lotSizeAcres", "0.0657"), tuple("marketValue", "512000"));
    }

    @Test
    void successWithoutResultIsNoMatch() throws Exception {
        assertThat(Attom.toAnswer(JSON.readTree("{\"status\": {\"code\": 1, \"msg\": \"SuccessWithoutResult\"}}"), 0.7)
                .matched()).isFalse();
    }
}
