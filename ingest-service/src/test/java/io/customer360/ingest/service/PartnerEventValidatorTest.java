package io.customer360.ingest.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.customer360.ingest.domain.FieldError;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PartnerEventValidatorTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** 2024-12-14T00:00:00Z, the seed purchase's own time. */
    private static final Clock NOW = Clock.fixed(Instant.ofEpochSecond(1734134400L), ZoneOffset.UTC);

    private final PartnerEventValidator validator = new PartnerEventValidator(Duration.ofMinutes(5), NOW);
    static final String SEED_PURCHASE = """
            {"customer_id":"cust_001","event_type":"purchase","timestamp":1734134400,"source_service":"e-commerce-service",
             "data":{"purchase_id":"ord_12345","product_name":"Wireless Headphones Pro","product_sku":"WHP-2000","quantity":1,
                     "price":299.99,"total":299.99,"warranty_expires":1765670400,"customer_name":"John Smith",
                     "email":"john.smith@example.com"},
             "metadata":{"session_id":"sess_abc123","payment_method":"credit_card"}}""";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            seed purchase is valid                  | {}                                                   | ''             | ''
            email alone identifies the customer     | {"customer_id":null,"data":{"email":"a@b.io"}}       | ''             | ''
            customer_email identifies the customer  | {"customer_id":null,"data":{"customer_email":"a@b.io"}} | ''          | ''
            unicode customer id and text            | {"customer_id":"клиент_1","data":{"note":"😀 ü"}}     | ''             | ''
            timestamp from long ago                 | {"timestamp":0}                                      | ''             | ''
            timestamp within the clock skew         | {"timestamp":1734134700}                             | ''             | ''
            neither id nor email                    | {"customer_id":null,"data":{"email":null}}           | customer_id    | missing_field
            customer id with a dot                  | {"customer_id":"cust.1"}                             | customer_id    | invalid_type
            customer id with a wildcard             | {"customer_id":"cust*"}                              | customer_id    | invalid_type
            customer id as a number                 | {"customer_id":42}                                   | customer_id    | invalid_type
            missing event_type                      | {"event_type":null}                                  | event_type     | missing_field
            event_type with spaces                  | {"event_type":"drop table"}                          | event_type     | invalid_type
            timestamp in milliseconds               | {"timestamp":1734134400000}                          | timestamp      | invalid_type
            timestamp beyond the clock skew         | {"timestamp":1734134701}                             | timestamp      | future_timestamp
            timestamp as text                       | {"timestamp":"1734134400"}                           | timestamp      | invalid_type
            negative timestamp                      | {"timestamp":-1}                                     | timestamp      | invalid_type
            fractional timestamp                    | {"timestamp":1734134400.5}                           | ''             | ''
            timestamp in exponent notation          | {"timestamp":1.5e9}                                  | ''             | ''
            negative zero timestamp                 | {"timestamp":-0.0}                                   | ''             | ''
            fractional timestamp in milliseconds    | {"timestamp":1734134400000.5}                        | timestamp      | invalid_type
            negative fractional timestamp           | {"timestamp":-0.5}                                   | timestamp      | invalid_type
            huge timestamp                          | {"timestamp":1e308}                                  | timestamp      | invalid_type
            timestamp beyond a double               | {"timestamp":1e400}                                  | timestamp      | invalid_type
            timestamp as a huge integer             | {"timestamp":123456789012345678901234567890}         | timestamp      | invalid_type
            timestamp as text in exponent notation  | {"timestamp":"1.5e9"}                                | timestamp      | invalid_type
            timestamp as NaN text                   | {"timestamp":"NaN"}                                  | timestamp      | invalid_type
            timestamp as Infinity text              | {"timestamp":"Infinity"}                             | timestamp      | invalid_type
            timestamp as a boolean                  | {"timestamp":true}                                   | timestamp      | invalid_type
            fractional timestamp beyond the skew    | {"timestamp":1734134700.001}                         | timestamp      | future_timestamp
            missing source_service                  | {"source_service":null}                              | source_service | missing_field
            blank source_service                    | {"source_service":"  "}                              | source_service | invalid_type
            data as an array                        | {"data":[1,2]}                                       | data           | invalid_type
            metadata as text                        | {"metadata":"x"}                                     | metadata       | invalid_type
            malformed email                         | {"data":{"email":"not-an-email"}}                    | data.email     | invalid_type
            event_id with a space                   | {"event_id":"a b"}                                   | event_id       | invalid_type
            NUL character deep inside               | {"metadata":{"tags":["ok","a\\u0000b"]}}              | metadata.tags[1] | invalid_type
            tags and custom fields of a profile update | {"event_type":"profile_update","data":{"tags":["vip","beta tester"],"custom_fields":{"tier":"gold","seats":42,"trial":false,"legacy_id":null}}} | '' | ''
            tags cleared by a profile update        | {"event_type":"profile_update","data":{"tags":null,"custom_fields":{}}} | ''    | ''
            tags of other event types are their own | {"data":{"tags":"any","custom_fields":[1]}}        | ''             | ''
            tags as text                            | {"event_type":"profile_update","data":{"tags":"vip"}} | data.tags   | invalid_type
            a tag that is a number                  | {"event_type":"profile_update","data":{"tags":["vip",7]}} | data.tags[1] | invalid_type
            a blank tag                             | {"event_type":"profile_update","data":{"tags":["vip","  "]}} | data.tags[1] | invalid_type
            a tag with a control character          | {"event_type":"profile_update","data":{"tags":["a\\u0007b"]}} | data.tags[0] | invalid_type
            custom fields as an array               | {"event_type":"profile_update","data":{"custom_fields":["a"]}} | data.custom_fields | invalid_type
            custom fields as null                   | {"event_type":"profile_update","data":{"custom_fields":null}} | data.custom_fields | invalid_type
            a custom field key with a dot           | {"event_type":"profile_update","data":{"custom_fields":{"a.b":1}}} | data.custom_fields | invalid_type
            a custom field key starting with a digit | {"event_type":"profile_update","data":{"custom_fields":{"1st":1}}} | data.custom_fields | invalid_type
            a custom field key with a space         | {"event_type":"profile_update","data":{"custom_fields":{"my field":1}}} | data.custom_fields | invalid_type
            a custom field that is an object        | {"event_type":"profile_update","data":{"custom_fields":{"address":{"city":"Oslo"}}}} | data.custom_fields.address | invalid_type
            a custom field that is a list           | {"event_type":"profile_update","data":{"custom_fields":{"langs":["en"]}}} | data.custom_fields.langs | invalid_type
            """)
    void checksTheContract(String name, String override, String wrongField, String reason) throws Exception {
        JsonNode event =
                MAPPER.readerForUpdating(MAPPER.readTree(SEED_PURCHASE)).readValue(override);
        List<FieldError> errors = validator.validate(event);
        if (wrongField.isEmpty()) {
            assertThat(errors).isEmpty();
        } else {
            assertThat(errors).extracting(FieldError::field).containsExactly(wrongField);
            assertThat(errors).extracting(error -> error.reason().code()).containsExactly(reason);
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            []      | body
            "text"  | body
            {}      | customer_id,event_type,timestamp,source_service
            """)
    void reportsEveryViolationOfAnEmptyOrWrongShape(String json, String fields) throws Exception {
        assertThat(validator.validate(MAPPER.readTree(json)))
                .extracting(FieldError::field)
                .containsExactly(fields.split(","));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            {"a":"\\u0000"}         | true
            {"a":"\\U0000x"}        | true
            {"a":"\\u0001"}         | false
            {"a":"\\\\u0000"}     | true
            {"a":"plain"}           | false
            """)
    void findsEveryEscapedNulInTheBytes(String json, boolean expected) {
        // a false alarm ("\\\\u0000", an escaped backslash) only costs the tree walk; a miss would let NUL through
        assertThat(PartnerEventValidator.mayContainNul(json.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            50 tags                            | tags          | 50   | 1    | ''
            51 tags                            | tags          | 51   | 1    | data.tags
            a tag of 64 characters             | tags          | 1    | 64   | ''
            a tag of 65 characters             | tags          | 1    | 65   | data.tags[0]
            50 custom fields                   | custom_fields | 50   | 1    | ''
            51 custom fields                   | custom_fields | 51   | 1    | data.custom_fields
            a custom field of 1000 characters  | custom_fields | 1    | 1000 | ''
            a custom field of 1001 characters  | custom_fields | 1    | 1001 | data.custom_fields.f0
            """)
    void boundsTagsAndCustomFields(String name, String field, int count, int length, String wrongField)
            throws Exception {
        ObjectNode event = (ObjectNode) MAPPER.readTree(SEED_PURCHASE);
        event.put("event_type", "profile_update");
        ObjectNode data = (ObjectNode) event.get("data");
        if (field.equals("tags")) {
            ArrayNode tags = data.putArray("tags");
            for (int i = 0; i < count; i++) {
                tags.add(("t" + i + "x".repeat(length)).substring(0, length));
            }
        } else {
            ObjectNode fields = data.putObject("custom_fields");
            for (int i = 0; i < count; i++) {
                fields.put("f" + i, "v".repeat(length));
            }
        }
        List<FieldError> errors = validator.validate(event);
        assertThat(errors)
                .extracting(FieldError::field)
                .containsExactlyElementsOf(wrongField.isEmpty() ? List.of() : List.of(wrongField));
    }

    @Test
    void aBadCustomFieldKeyIsNamedWithoutTheRestOfTheEvent() throws Exception {
        JsonNode event = MAPPER.readerForUpdating(MAPPER.readTree(SEED_PURCHASE))
                .readValue(
                        "{\"event_type\":\"profile_update\",\"data\":{\"tags\":[1],\"custom_fields\":{\"ok\":1,\"-bad\":2,\"deep\":[3]}}}");
        assertThat(validator.validate(event))
                .extracting(FieldError::field, error -> error.reason().code())
                .containsExactly(
                        tuple("data.tags[0]", "invalid_type"),
                        tuple("data.custom_fields", "invalid_type"),
                        tuple("data.custom_fields.deep", "invalid_type"));
    }
}
