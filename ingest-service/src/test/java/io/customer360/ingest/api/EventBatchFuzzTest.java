package io.customer360.ingest.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.customer360.common.api.ProblemException;
import io.customer360.common.testing.Refusals;
import java.io.IOException;
import java.util.List;

/**
 * Whatever body a partner POSTs to /api/v1/events, it is refused as a whole (400 naming the body, 413) or cut into
 * events that are exactly the body's: the object itself, or each array element as its own bytes, in order. A wrong
 * cut would ingest an event the partner never sent.
 */
class EventBatchFuzzTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_EVENTS = 1_000;

    @FuzzTest(maxDuration = "15s")
    void aBatchIsCutIntoItsOwnEvents(byte[] body) {
        List<byte[]> events;
        try {
            events = EventResource.split(body, JSON.getFactory(), MAX_EVENTS);
        } catch (ProblemException refused) {
            if (refused.problem().status() != 413) {
                Refusals.assertNamesOneOf(refused, "body");
            }
            return;
        }
        JsonNode whole = tree(body);
        if (!whole.isArray()) {
            assertThat(events).singleElement().isSameAs(body);
            return;
        }
        assertThat(events).hasSize(whole.size()).hasSizeLessThanOrEqualTo(MAX_EVENTS);
        for (int i = 0; i < events.size(); i++) {
            assertThat(tree(events.get(i))).isEqualTo(whole.get(i));
        }
    }

    /** The JSON of bytes the batch accepted, which must be JSON. */
    private static JsonNode tree(byte[] json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new AssertionError("accepted bytes that are not JSON: " + e.getMessage(), e);
        }
    }
}
