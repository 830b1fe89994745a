package io.customer360.ingest.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.customer360.ingest.domain.FieldError;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A ticket event's first-response time, the support SLA's input (issue 21): what is a time, and which times no clock
 * could have shown. Now is 2024-12-14T00:00:00Z (1734134400), the allowed skew 5 minutes; the ticket events below
 * happen at 2024-12-13T23:00:00Z (1734130800) unless they say otherwise.
 */
class TicketTimesTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Clock NOW = Clock.fixed(Instant.ofEpochSecond(1734134400L), ZoneOffset.UTC);
    private static final String TICKET = """
            {"customer_id":"cust_001","event_type":"ticket_updated","timestamp":1734130800,"source_service":"helpdesk",
             "data":{"ticket_id":"TKT-7"}}""";

    private final PartnerEventValidator validator = new PartnerEventValidator(Duration.ofMinutes(5), NOW);

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            whole Unix seconds                       | {"data":{"first_response_at":1734130800}}                 | ''                      | ''
            Unix seconds with a fraction             | {"data":{"first_response_at":1734130800.25}}              | ''                      | ''
            an ISO instant                           | {"data":{"first_response_at":"2024-12-13T23:00:00Z"}}     | ''                      | ''
            an ISO date-time with an offset          | {"data":{"first_response_at":"2024-12-14T00:00:00+01:00"}} | ''                     | ''
            null says nothing                        | {"data":{"first_response_at":null}}                       | ''                      | ''
            within the clock skew                    | {"data":{"first_response_at":1734134700}}                 | ''                      | ''
            text that is no time                     | {"data":{"first_response_at":"yesterday"}}                | data.first_response_at  | invalid_type
            a date without a time                    | {"data":{"first_response_at":"2024-12-13"}}               | data.first_response_at  | invalid_type
            a local time without an offset           | {"data":{"first_response_at":"2024-12-13T23:00:00"}}      | data.first_response_at  | invalid_type
            Unix seconds as text                     | {"data":{"first_response_at":"1734130800"}}               | data.first_response_at  | invalid_type
            a boolean                                | {"data":{"first_response_at":true}}                       | data.first_response_at  | invalid_type
            an object                                | {"data":{"first_response_at":{"at":1734130800}}}          | data.first_response_at  | invalid_type
            milliseconds                             | {"data":{"first_response_at":1734130800000}}              | data.first_response_at  | invalid_type
            negative                                 | {"data":{"first_response_at":-5}}                         | data.first_response_at  | invalid_type
            beyond the clock skew                    | {"data":{"first_response_at":1734134701}}                 | data.first_response_at  | future_timestamp
            the alias first_replied_at, as text      | {"data":{"first_replied_at":"soon"}}                      | data.first_replied_at   | invalid_type
            opened with an answer an hour later      | {"event_type":"ticket_opened","data":{"first_response_at":1734134400}} | ''         | ''
            answered at the opening instant          | {"event_type":"support_ticket","data":{"first_response_at":1734130800}} | ''        | ''
            answered before it was opened            | {"event_type":"ticket_opened","data":{"first_response_at":1734130799}} | data.first_response_at | invalid_type
            seed ticket answered before it was opened | {"event_type":"support_ticket","data":{"first_replied_at":"2024-12-13T22:00:00Z"}} | data.first_replied_at | invalid_type
            resolved after the first response        | {"event_type":"ticket_resolved","data":{"first_response_at":1734127200}} | ''       | ''
            first response after the resolution      | {"event_type":"ticket_resolved","data":{"first_response_at":1734130801}} | data.first_response_at | invalid_type
            an update may name any earlier time      | {"event_type":"ticket_escalated","data":{"first_response_at":1}} | ''               | ''
            other types keep their own data          | {"event_type":"purchase","data":{"first_response_at":"soon"}} | ''                  | ''
            """)
    void checksTheFirstResponseTime(String name, String override, String wrongField, String reason) throws Exception {
        JsonNode event = MAPPER.readerForUpdating(MAPPER.readTree(TICKET)).readValue(override);
        List<FieldError> errors = validator.validate(event);
        if (wrongField.isEmpty()) {
            assertThat(errors).isEmpty();
        } else {
            assertThat(errors)
                    .extracting(FieldError::field, error -> error.reason().code())
                    .containsExactly(tuple(wrongField, reason));
        }
    }

    @Test
    void theErrorSaysWhatIsWrong() throws Exception {
        JsonNode before = MAPPER.readerForUpdating(MAPPER.readTree(TICKET))
                .readValue("{\"event_type\":\"ticket_opened\",\"data\":{\"first_response_at\":1734127200}}");
        assertThat(validator.validate(before))
                .extracting(FieldError::message)
                .containsExactly("must not be before the ticket was opened (the event's timestamp)");
        JsonNode text = MAPPER.readerForUpdating(MAPPER.readTree(TICKET))
                .readValue("{\"data\":{\"first_response_at\":\"soon\"}}");
        assertThat(validator.validate(text))
                .extracting(FieldError::message)
                .containsExactly("must be Unix seconds or an ISO-8601 date-time with offset (2026-11-21T09:40:00Z)");
    }

    @Test
    void aBadEventTimeIsReportedOnItsOwn() throws Exception {
        JsonNode event = MAPPER.readerForUpdating(MAPPER.readTree(TICKET))
                .readValue("{\"event_type\":\"ticket_opened\",\"timestamp\":\"x\",\"data\":{\"first_response_at\":1}}");
        assertThat(validator.validate(event)).extracting(FieldError::field).containsExactly("timestamp");
    }
}
