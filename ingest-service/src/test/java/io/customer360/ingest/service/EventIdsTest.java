package io.customer360.ingest.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class EventIdsTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void partnerEventIdWinsOverHeaderAndContent() throws Exception {
        JsonNode event = MAPPER.readTree("{\"event_id\":\"ev-1\",\"event_type\":\"purchase\"}");
        assertThat(EventIds.stableId("acme", event, "msg-1")).isEqualTo("ev-1");
    }

    @Test
    void natsMsgIdIsUsedWhenThereIsNoEventId() throws Exception {
        JsonNode event = MAPPER.readTree("{\"event_type\":\"purchase\"}");
        assertThat(EventIds.stableId("acme", event, "msg-1")).isEqualTo("msg-1");
    }

    @Test
    void contentHashIgnoresKeyOrderAndNumberSpelling() throws Exception {
        JsonNode one = MAPPER.readTree("{\"a\":1,\"b\":{\"x\":\"y\",\"z\":[1,2]},\"t\":1734134400}");
        JsonNode two = MAPPER.readTree("{\"t\":1734134400.0,\"b\":{\"z\":[1,2],\"x\":\"y\"},\"a\":1}");
        assertThat(EventIds.stableId("acme", one, null))
                .startsWith("evt_")
                .hasSize(36)
                .isEqualTo(EventIds.stableId("acme", two, null));
    }

    @Test
    void contentHashDiffersByContentAndTenant() throws Exception {
        JsonNode one = MAPPER.readTree("{\"a\":1}");
        JsonNode two = MAPPER.readTree("{\"a\":2}");
        assertThat(EventIds.stableId("acme", one, null)).isNotEqualTo(EventIds.stableId("acme", two, null));
        assertThat(EventIds.stableId("acme", one, null)).isNotEqualTo(EventIds.stableId("globex", one, null));
    }

    @Test
    void arrayOrderMatters() throws Exception {
        assertThat(EventIds.stableId("acme", MAPPER.readTree("[1,2]"), null))
                .isNotEqualTo(EventIds.stableId("acme", MAPPER.readTree("[2,1]"), null));
    }
}
