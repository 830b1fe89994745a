package io.customer360.aggregator.api.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The tier table of customer-enrichment.md as the console's upgrade hint reads it. */
class TierGatesTest {

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            nullValues = "-",
            value = {
                "free       | person,business                 | social,property | pro",
                "pro        | person,business,social,property | -               | -",
                "enterprise | person,business,social,property | -               | -",
                "-          | person,business,social,property | -               | -",
            })
    void eachTierOpensItsDataTypesAndNamesTheUpgradeForTheGatedOnes(
            String tier, String open, String gated, String upgradeTo) {
        ObjectNode gates = TierGates.of(tier);
        assertThat(texts(gates.get("dataTypes"))).containsExactly(open.split(","));
        assertThat(texts(gates.get("gated"))).containsExactly(gated == null ? new String[0] : gated.split(","));
        assertThat(
                        gates.get("upgradeTo").isNull()
                                ? null
                                : gates.get("upgradeTo").asText())
                .isEqualTo(upgradeTo);
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(item -> texts.add(item.asText()));
        return texts;
    }
}
