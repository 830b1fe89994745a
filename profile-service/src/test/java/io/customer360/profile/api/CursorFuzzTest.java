package io.customer360.profile.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.customer360.common.api.Cursors;
import io.customer360.common.api.ProblemException;
import io.customer360.common.testing.Refusals;
import io.customer360.profile.store.CustomerQueries.TimelinePosition;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;

/**
 * Whatever {@code ?cursor=} a caller sends to the timeline, purchases, records or customer list, it is refused with a
 * 400 naming {@code cursor}, or it is a position this service could have issued: one PostgreSQL can take as query
 * parameters (no NUL, an instant within timestamptz) and that comes back unchanged from its own cursor.
 */
class CursorFuzzTest {

    private static final OffsetDateTime EARLIEST = OffsetDateTime.parse("-4713-11-24T00:00:00Z");
    private static final OffsetDateTime LATEST = OffsetDateTime.parse("+294276-12-31T23:59:59.999999Z");

    @FuzzTest(maxDuration = "15s")
    void aCursorIsRefusedNamingCursorOrAnIssuablePosition(byte[] parameter) {
        String cursor = new String(parameter, StandardCharsets.UTF_8);
        try {
            TimelinePosition position = Cursors.decode(cursor, TimelinePosition::new);
            if (position != null) {
                assertThat(position.eventId()).doesNotContain("\u0000");
                assertThat(position.occurredAt()).isBetween(EARLIEST, LATEST);
                assertThat(Cursors.decode(
                                Cursors.encode(position.occurredAt(), position.eventId()), TimelinePosition::new))
                        .isEqualTo(position);
            }
        } catch (ProblemException refused) {
            Refusals.assertNamesOneOf(refused, "cursor");
        }
        try {
            String afterId = Cursors.decodeId(cursor);
            if (afterId != null) {
                assertThat(afterId).doesNotContain("\u0000");
                assertThat(Cursors.decodeId(Cursors.encodeId(afterId))).isEqualTo(afterId);
            }
        } catch (ProblemException refused) {
            Refusals.assertNamesOneOf(refused, "cursor");
        }
    }
}
