package io.customer360.aggregator.api.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The dashboard's customers per health band, from one capped page of profile-service's list per band. */
class HealthBandCountsTest {

    @Test
    void healthBandsCountEachBandAndSayWhenThereAreMore() {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        ObjectNode healthy = nodes.objectNode().put("status", "ok");
        healthy.putObject("data")
                .putNull("nextCursor")
                .putArray("items")
                .add(nodes.objectNode())
                .add(nodes.objectNode());
        ObjectNode watch = nodes.objectNode().put("status", "ok");
        watch.putObject("data").put("nextCursor", "abc").putArray("items").add(nodes.objectNode());
        ObjectNode atRisk = nodes.objectNode().put("status", "ok");
        atRisk.putObject("data").putNull("nextCursor").putArray("items");

        ObjectNode bands = ConsoleResource.healthBands(List.of(healthy, watch, atRisk));
        assertThat(bands.toString())
                .isEqualTo("{\"status\":\"ok\",\"bands\":["
                        + "{\"band\":\"healthy\",\"customers\":2,\"more\":false},"
                        + "{\"band\":\"watch\",\"customers\":1,\"more\":true},"
                        + "{\"band\":\"at_risk\",\"customers\":0,\"more\":false}]}");

        ObjectNode failed =
                nodes.objectNode().put("status", "unavailable").put("reason", "profile-service answered 503");
        ObjectNode partly = ConsoleResource.healthBands(List.of(healthy, failed, atRisk));
        assertThat(partly.path("status").asText()).isEqualTo("unavailable");
        assertThat(partly.path("reason").asText()).isEqualTo("profile-service answered 503");
    }
}
