package io.customer360.ingest.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class SummariesTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void shortTextHasNoSummary() throws Exception {
        assertThat(Summaries.summarize(MAPPER.readTree("{\"description\":\"Short.\"}"), 500))
                .isNull();
    }

    @Test
    void longTextIsSummarizedByItsLeadingWholeSentences() throws Exception {
        String text = "Bluetooth pairing fails after the update. The customer tried three phones. " + "Details: "
                + "x".repeat(600);
        String summary = Summaries.summarize(MAPPER.readTree("{\"description\":\"" + text + "\"}"), 100);
        assertThat(summary).isEqualTo("Bluetooth pairing fails after the update. The customer tried three phones.");
    }

    @Test
    void oneEndlessSentenceIsCutAtAWordBoundary() {
        String text = "word ".repeat(200);
        String summary = Summaries.leadingSentences(text.strip(), 52);
        assertThat(summary).endsWith("…").hasSizeLessThanOrEqualTo(53);
        assertThat(summary).doesNotContain("wor…");
    }

    @Test
    void theFirstLongFieldInOrderIsSummarized() throws Exception {
        String data = "{\"message\":\"" + "m ".repeat(300) + "\",\"issue_description\":\"Issue one. " + "i".repeat(600)
                + "\"}";
        assertThat(Summaries.summarize(MAPPER.readTree(data), 100)).startsWith("Issue one.");
    }
}
