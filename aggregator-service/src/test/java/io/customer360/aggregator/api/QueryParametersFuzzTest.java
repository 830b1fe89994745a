package io.customer360.aggregator.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.customer360.aggregator.service.view.Focus;
import io.customer360.aggregator.store.AuditQueries;
import io.customer360.common.api.Cursors;
import io.customer360.common.api.ProblemException;
import io.customer360.common.testing.Refusals;
import java.nio.charset.StandardCharsets;

/**
 * Whatever {@code ?cursor=} an admin sends to the access audit, or {@code ?focus=} a caller sends to the 360 view, it
 * is refused with a 400 naming the parameter, or it is a value the API could have issued: an audit position that comes
 * back unchanged from its own cursor, one of the documented focus areas. The same text is tried as both.
 */
class QueryParametersFuzzTest {

    @FuzzTest(maxDuration = "15s")
    void aParameterIsRefusedNamingItOrUsable(byte[] parameter) {
        String value = new String(parameter, StandardCharsets.UTF_8);
        try {
            AuditQueries.Position after = AuditResource.after(value);
            if (after != null) {
                assertThat(AuditResource.after(Cursors.encode(after.accessedAt(), after.id())))
                        .isEqualTo(after);
            }
        } catch (ProblemException refused) {
            Refusals.assertNamesOneOf(refused, "cursor");
        }
        try {
            String focus = Focus.parse(value);
            assertThat(focus == null ? value.isBlank() : Focus.AREAS.contains(focus))
                    .isTrue();
        } catch (ProblemException refused) {
            Refusals.assertNamesOneOf(refused, "focus");
        }
    }
}
