package io.customer360.profile.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.customer360.common.api.ProblemException;
import io.customer360.common.testing.Refusals;
import io.customer360.common.testing.RequestBodies;
import java.util.ArrayList;
import java.util.List;

/**
 * Whatever merge patch an editor sends to PATCH /customers/{id}, it is refused with a 400 naming the body or the
 * field at fault, or every field lands in the event's data once, without NUL (which PostgreSQL refuses in text).
 */
class ProfilePatchFuzzTest {

    @FuzzTest(maxDuration = "15s")
    void aPatchIsRefusedNamingTheFieldOrApplied(byte[] body) {
        JsonNode patch = RequestBodies.tree(body).orElse(null);
        if (patch == null) {
            return;
        }
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        String email;
        try {
            email = CustomerResource.profileFields(patch, data);
        } catch (ProblemException refused) {
            List<String> fields = new ArrayList<>(List.of("body"));
            patch.fieldNames().forEachRemaining(fields::add);
            Refusals.assertNamesOneOf(refused, fields.toArray(String[]::new));
            return;
        }
        assertThat(data.size()).isEqualTo(patch.size());
        assertThat(email).isEqualTo(patch.has("email") ? patch.get("email").asText() : null);
        data.forEach(
                value -> assertThat(value.isTextual() ? value.asText() : "").doesNotContain("\u0000"));
    }
}
