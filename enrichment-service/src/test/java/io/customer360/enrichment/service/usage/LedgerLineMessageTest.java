package io.customer360.enrichment.service.usage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.customer360.common.contract.messages.EnrichmentUsage;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;

/** The {@code enrichment.usage} message of a ledger line is the line as the ledger API shows it, member for member. */
class LedgerLineMessageTest {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .findAndAddModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();
    private static final OffsetDateTime AT = OffsetDateTime.parse("2026-12-01T10:00:00Z");
    private static final LedgerLine REFUND = new LedgerLine(
            7,
            AT,
            "acme",
            "2026-12",
            "cust_1",
            5,
            "people-data-labs",
            "person",
            -1,
            new BigDecimal("0.10"),
            new BigDecimal("-0.10"),
            "USD",
            LedgerLine.REFUNDED,
            5L,
            "2026-11");

    @Test
    void theMessageCarriesEveryMemberOfTheLine() {
        assertThat(REFUND.message())
                .isEqualTo(new EnrichmentUsage(
                        7,
                        AT,
                        "acme",
                        "2026-12",
                        "cust_1",
                        5,
                        "people-data-labs",
                        "person",
                        -1,
                        new BigDecimal("0.10"),
                        new BigDecimal("-0.10"),
                        "USD",
                        "refunded",
                        5L,
                        "2026-11"));
    }

    @Test
    void theMessageIsWrittenAsTheApiWritesTheLine() {
        JsonNode line = MAPPER.valueToTree(REFUND);
        assertThat(MAPPER.<JsonNode>valueToTree(REFUND.message())).isEqualTo(line);
    }
}
