package io.customer360.profile.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.customer360.common.api.ProblemException;
import io.customer360.common.testing.Refusals;
import io.customer360.common.testing.RequestBodies;
import io.customer360.profile.api.NoteResource.NoteInput;

/**
 * Whatever note an editor POSTs or PUTs, it is refused with a 400 naming content, title or category, or the note's
 * data holds exactly what was sent, within the documented limits.
 */
class NoteInputFuzzTest {

    @FuzzTest(maxDuration = "15s")
    void aNoteIsRefusedNamingTheFieldOrKeptAsSent(byte[] body) {
        NoteInput input = RequestBodies.read(body, NoteInput.class).orElse(null);
        ObjectNode data;
        try {
            data = NoteResource.validated(input);
        } catch (ProblemException refused) {
            Refusals.assertNamesOneOf(refused, "content", "title", "category");
            return;
        }
        assertThat(data.get("content").asText())
                .isEqualTo(input.content())
                .isNotBlank()
                .hasSizeLessThanOrEqualTo(10_000)
                .doesNotContain("\u0000");
        assertThat(data.has("title") ? data.get("title").asText() : null).isEqualTo(input.title());
        assertThat(data.has("category") ? data.get("category").asText() : null).isEqualTo(input.category());
        assertThat(data.has("sensitive") ? data.get("sensitive").asBoolean() : null)
                .isEqualTo(input.sensitive());
    }
}
