package io.customer360.common.contract.messages;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The examples of docs/messages.md ("Payloads") are the wire format of the message records: each reads into the value
 * built here by hand and writes back to the same JSON. A field renamed on either side fails here.
 */
class MessageContractTest {

    private static final Path MESSAGES_DOC = Path.of("..", "docs", "messages.md");
    /**
     * {@code ### `profile.changed`: `ProfileChanged`} (or {@code ### `…` data: `IdentityStitched`} for the data of an
     * event) followed, after some prose, by a json block.
     */
    private static final Pattern EXAMPLE = Pattern.compile(
            "^### `[^`]+`(?: data)?: `(\\w+)`$.*?^```json$(.*?)^```$", Pattern.MULTILINE | Pattern.DOTALL);
    /** Configured as Quarkus configures the services' ObjectMapper (quarkus-jackson's defaults). */
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .findAndAddModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private static final Instant AT = Instant.parse("2026-12-01T09:30:00Z");

    /** Each record with the value its documented example holds. */
    private static final Map<Class<? extends Record>, Record> EXPECTED = new LinkedHashMap<>();

    static {
        ObjectNode data =
                JsonNodeFactory.instance.objectNode().put("ticket_id", "TKT-7").put("priority", "high");
        ObjectNode metadata = JsonNodeFactory.instance.objectNode().put("channel", "email");
        EXPECTED.put(
                NormalizedEvent.class,
                new NormalizedEvent(
                        "evt_8f2c",
                        "acme",
                        "cust_001",
                        "ada@example.com",
                        "ticket_created",
                        AT,
                        "Support-Desk",
                        data,
                        metadata,
                        null,
                        true,
                        Instant.parse("2026-12-01T09:30:02Z")));
        EXPECTED.put(IdentityStitched.class, new IdentityStitched("anon-4b1e", "4b1e"));
        EXPECTED.put(
                ProfileChanged.class,
                new ProfileChanged(
                        "acme",
                        "cust_001",
                        List.of("support", "timeline"),
                        new ProfileChanged.Identity("Ada Lovelace", "ada@example.com", "Acme Audio", "example.com"),
                        List.of("evt_8f2c"),
                        AT,
                        List.of(new ProfileChanged.Change(
                                "evt_8f2c",
                                "ticket_created",
                                AT,
                                "Support-Desk",
                                List.of(new ProfileChanged.RecordRef("ticket", "TKT-7")),
                                "P2"))));
        EXPECTED.put(
                CustomerErased.class,
                new CustomerErased(
                        "acme",
                        "cust_001",
                        Instant.parse("2026-12-02T08:00:00Z"),
                        List.of("cust_001", "cust_017", "email-3f1d9a0c")));
        EXPECTED.put(
                Customer360State.class,
                new Customer360State(
                        "acme",
                        "cust_001",
                        "attention_needed",
                        "healthy",
                        41,
                        "at_risk",
                        Instant.parse("2026-12-01T09:31:00Z")));
        EXPECTED.put(
                Customer360Trigger.class,
                new Customer360Trigger(
                        "acme",
                        "cust_001",
                        "support_ops/escalation_predictor",
                        "ticket_P2:TKT-7",
                        List.of("evt_8f2c"),
                        "acme:cust_001:support_ops/escalation_predictor:ticket:TKT-7:P2",
                        Instant.parse("2026-12-01T09:30:05Z")));
        EXPECTED.put(
                EnrichmentUpdated.class,
                new EnrichmentUpdated(
                        "acme", "cust_001", List.of("person", "business"), Instant.parse("2026-12-01T09:32:00Z")));
        EXPECTED.put(
                EnrichmentUsage.class,
                new EnrichmentUsage(
                        102,
                        OffsetDateTime.parse("2026-12-01T09:32:00Z"),
                        "acme",
                        "2026-12",
                        "cust_001",
                        101,
                        "people-data-labs",
                        "person",
                        0,
                        new BigDecimal("0.10"),
                        new BigDecimal("0.10"),
                        "USD",
                        "charged",
                        null,
                        "2026-12"));
    }

    @Test
    void everyMessageRecordHasOneDocumentedExample() throws IOException {
        assertThat(examples().keySet())
                .containsExactlyInAnyOrderElementsOf(
                        EXPECTED.keySet().stream().map(Class::getSimpleName).toList());
    }

    @Test
    void eachDocumentedExampleReadsIntoItsRecordByValue() throws IOException {
        Map<String, String> examples = examples();
        for (Map.Entry<Class<? extends Record>, Record> expected : EXPECTED.entrySet()) {
            String name = expected.getKey().getSimpleName();
            assertThat(MAPPER.readValue(examples.get(name), expected.getKey()))
                    .as(name)
                    .isEqualTo(expected.getValue());
        }
    }

    @Test
    void eachRecordWritesItsDocumentedExample() throws IOException {
        Map<String, String> examples = examples();
        for (Map.Entry<Class<? extends Record>, Record> expected : EXPECTED.entrySet()) {
            String name = expected.getKey().getSimpleName();
            assertThat(MAPPER.readTree(MAPPER.writeValueAsBytes(expected.getValue())))
                    .as(name)
                    .isEqualTo(MAPPER.readTree(examples.get(name)));
        }
    }

    @Test
    void aNormalizedEventWithoutAutoCreateMayCreateItsCustomer() throws IOException {
        String absent = "{\"eventId\":\"e1\",\"tenant\":\"acme\",\"customerId\":\"c1\",\"eventType\":\"signup\"}";
        assertThat(MAPPER.readValue(absent, NormalizedEvent.class).autoCreate()).isTrue();
        assertThat(MAPPER.readValue(absent.replace("}", ",\"autoCreate\":null}"), NormalizedEvent.class)
                        .autoCreate())
                .isTrue();
        assertThat(MAPPER.readValue(absent.replace("}", ",\"autoCreate\":false}"), NormalizedEvent.class)
                        .autoCreate())
                .isFalse();
    }

    @Test
    void aStitchIsItsEventsDataAndReadsAMemberThatIsNoStringAsMissing() throws IOException {
        IdentityStitched stitch = new IdentityStitched("anon-4b1e", "4b1e");
        assertThat(IdentityStitched.fromData(stitch.toData())).isEqualTo(stitch);
        assertThat(stitch.toData()).isEqualTo(MAPPER.valueToTree(stitch));
        assertThat(IdentityStitched.fromData(MAPPER.readTree("{\"anonymous_customer_id\": 7}")))
                .isEqualTo(new IdentityStitched(null, null));
        assertThat(IdentityStitched.fromData(null)).isEqualTo(new IdentityStitched(null, null));
    }

    @Test
    void aProfileChangedWithoutListsReadsThemEmpty() throws IOException {
        ProfileChanged merge = MAPPER.readValue(
                "{\"tenant\":\"acme\",\"customerId\":\"c1\",\"changes\":[{\"eventId\":\"e1\"}]}", ProfileChanged.class);
        assertThat(merge.sections()).isEmpty();
        assertThat(merge.eventIds()).isEmpty();
        assertThat(merge.changes()).singleElement().satisfies(change -> {
            assertThat(change.records()).isEmpty();
            assertThat(change.recordId("ticket")).isNull();
        });
    }

    /** The documented example of each record, by the record's simple name. */
    private static Map<String, String> examples() throws IOException {
        Matcher matcher = EXAMPLE.matcher(Files.readString(MESSAGES_DOC));
        Map<String, String> examples = new LinkedHashMap<>();
        while (matcher.find()) {
            assertThat(examples.put(matcher.group(1), matcher.group(2)))
                    .as("second example of " + matcher.group(1))
                    .isNull();
        }
        return examples;
    }
}
