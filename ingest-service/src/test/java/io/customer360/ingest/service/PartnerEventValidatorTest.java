package io.customer360.ingest.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.customer360.common.api.Problem.Violation;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PartnerEventValidatorTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    static final String SEED_PURCHASE = """
            {"customer_id":"cust_001","event_type":"purchase","timestamp":1734134400,"source_service":"e-commerce-service",
             "data":{"purchase_id":"ord_12345","product_name":"Wireless Headphones Pro","product_sku":"WHP-2000","quantity":1,
                     "price":299.99,"total":299.99,"warranty_expires":1765670400,"customer_name":"John Smith",
                     "email":"john.smith@example.com"},
             "metadata":{"session_id":"sess_abc123","payment_method":"credit_card"}}""";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            seed purchase is valid                  | {}                                                   | ''
            email alone identifies the customer     | {"customer_id":null,"data":{"email":"a@b.io"}}       | ''
            customer_email identifies the customer  | {"customer_id":null,"data":{"customer_email":"a@b.io"}} | ''
            unicode customer id                     | {"customer_id":"клиент_1"}                            | ''
            neither id nor email                    | {"customer_id":null,"data":{"email":null}}           | customer_id
            customer id with a dot                  | {"customer_id":"cust.1"}                             | customer_id
            customer id with a wildcard             | {"customer_id":"cust*"}                              | customer_id
            customer id as a number                 | {"customer_id":42}                                   | customer_id
            missing event_type                      | {"event_type":null}                                  | event_type
            event_type with spaces                  | {"event_type":"drop table"}                          | event_type
            timestamp in milliseconds               | {"timestamp":1734134400000}                          | timestamp
            timestamp as text                       | {"timestamp":"1734134400"}                           | timestamp
            negative timestamp                      | {"timestamp":-1}                                     | timestamp
            fractional timestamp                    | {"timestamp":1734134400.5}                           | timestamp
            missing source_service                  | {"source_service":null}                              | source_service
            blank source_service                    | {"source_service":"  "}                              | source_service
            data as an array                        | {"data":[1,2]}                                       | data
            metadata as text                        | {"metadata":"x"}                                     | metadata
            malformed email                         | {"data":{"email":"not-an-email"}}                    | data.email
            event_id with a space                   | {"event_id":"a b"}                                   | event_id
            """)
    void checksTheContract(String name, String override, String wrongField) throws Exception {
        JsonNode event = MAPPER.readerForUpdating(MAPPER.readTree(SEED_PURCHASE)).readValue(override);
        List<Violation> violations = PartnerEventValidator.validate(event);
        if (wrongField.isEmpty()) {
            assertThat(violations).isEmpty();
        } else {
            assertThat(violations).extracting(Violation::field).containsExactly(wrongField);
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            []      | body
            "text"  | body
            {}      | customer_id,event_type,timestamp,source_service
            """)
    void reportsEveryViolationOfAnEmptyOrWrongShape(String json, String fields) throws Exception {
        assertThat(PartnerEventValidator.validate(MAPPER.readTree(json)))
                .extracting(Violation::field)
                .containsExactly(fields.split(","));
    }
}
