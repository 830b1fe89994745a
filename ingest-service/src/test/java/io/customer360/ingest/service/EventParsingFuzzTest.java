package io.customer360.ingest.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.customer360.ingest.domain.FieldError;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Whatever bytes a partner sends, parsing and validation answer with a tree or a rejection, never an exception.
 * Without a fuzzing environment this runs the seed inputs as a regular test; with JAZZER_FUZZ=1 it fuzzes.
 */
class EventParsingFuzzTest {

    private final EventParser parser = new EventParser(32);
    private final PartnerEventValidator validator = new PartnerEventValidator(Duration.ofMinutes(5), Clock.systemUTC());

    @FuzzTest(maxDuration = "15s")
    void parseAndValidateNeverThrow(byte[] payload) {
        EventParser.Parsed parsed = parser.parse(payload);
        assertThat(parsed.tree() == null).isNotEqualTo(parsed.rejection() == null);
        if (parsed.tree() != null) {
            List<FieldError> errors = validator.validate(parsed.tree());
            assertThat(errors).allSatisfy(error -> assertThat(error.reason()).isNotNull());
        }
    }
}
