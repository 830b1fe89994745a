package io.customer360.ingest.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The contract's timestamp: Unix seconds as a JSON number, a fraction kept to the microsecond; anything else named. */
class EventTimestampsTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(delimiter = '|', textBlock = """
            1734134400               | 2024-12-14T00:00:00Z
            1734134400.0             | 2024-12-14T00:00:00Z
            1700000000.5             | 2023-11-14T22:13:20.500Z
            1734134400.123           | 2024-12-14T00:00:00.123Z
            1734134400.123456        | 2024-12-14T00:00:00.123456Z
            1.0000005                | 1970-01-01T00:00:01Z
            1.5e9                    | 2017-07-14T02:40:00Z
            1.7341344005E9           | 2024-12-14T00:00:00.500Z
            0                        | 1970-01-01T00:00:00Z
            0.000001                 | 1970-01-01T00:00:00.000001Z
            -0.0                     | 1970-01-01T00:00:00Z
            99999999999.999          | 5138-11-16T09:46:39.999Z
            """)
    void aNumberOfSecondsIsTheExactInstant(String json, String expected) throws Exception {
        JsonNode timestamp = MAPPER.readTree(json);
        assertThat(EventTimestamps.problem(timestamp)).isNull();
        assertThat(EventTimestamps.instant(timestamp)).isEqualTo(Instant.parse(expected));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            "1734134400"                   | must be a number of Unix seconds
            "1.5e9"                        | must be a number of Unix seconds
            "NaN"                          | must be a number of Unix seconds
            "Infinity"                     | must be a number of Unix seconds
            "2024-12-14T00:00:00Z"         | must be a number of Unix seconds
            true                           | must be a number of Unix seconds
            [1734134400]                   | must be a number of Unix seconds
            {"seconds":1734134400}         | must be a number of Unix seconds
            -1                             | must not be negative
            -0.5                           | must not be negative
            -1e308                         | must not be negative
            100000000000                   | looks like milliseconds; timestamps are Unix seconds
            1734134400000.5                | looks like milliseconds; timestamps are Unix seconds
            100000000000000                | is out of range: Unix seconds are below 100,000,000,000
            1e308                          | is out of range: Unix seconds are below 100,000,000,000
            1e400                          | is out of range: Unix seconds are below 100,000,000,000
            123456789012345678901234567890 | is out of range: Unix seconds are below 100,000,000,000
            """)
    void anythingElseIsNamed(String json, String problem) throws Exception {
        assertThat(EventTimestamps.problem(MAPPER.readTree(json))).isEqualTo(problem);
    }
}
