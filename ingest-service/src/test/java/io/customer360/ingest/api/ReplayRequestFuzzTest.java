package io.customer360.ingest.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.customer360.common.api.CustomerIds;
import io.customer360.common.api.ProblemException;
import io.customer360.common.testing.Refusals;
import io.customer360.common.testing.RequestBodies;
import io.customer360.ingest.api.ReplayResource.ReplayRequest;
import java.time.Instant;

/**
 * Whatever body an admin POSTs to the replay endpoint, it is refused with a 400 naming the field, or it is a range
 * the replay can run: from before to, a customer id that can exist, a limit within bounds.
 */
class ReplayRequestFuzzTest {

    private static final Instant NOW = Instant.parse("2026-11-01T00:00:00Z");

    @FuzzTest(maxDuration = "15s")
    void aReplayIsRefusedNamingTheFieldOrRunnable(byte[] body) {
        // a body that is JSON null reaches the resource as null
        ReplayRequest request = RequestBodies.read(body, ReplayRequest.class).orElse(null);
        if (request == null && RequestBodies.tree(body).isEmpty()) {
            return;
        }
        ReplayRequest checked;
        try {
            checked = ReplayRequest.checked(request, NOW);
        } catch (ProblemException refused) {
            Refusals.assertNamesOneOf(refused, "from", "to", "customerId", "limit");
            return;
        }
        assertThat(checked.from()).isEqualTo(request.from()).isBefore(checked.to());
        assertThat(checked.to()).isEqualTo(request.to() == null ? NOW : request.to());
        assertThat(checked.limit()).isBetween(1, ReplayResource.MAX_LIMIT);
        assertThat(checked.customerId()).isEqualTo(request.customerId());
        assertThat(checked.customerId() == null || CustomerIds.isValid(checked.customerId()))
                .isTrue();
    }
}
