package io.customer360.profile.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.customer360.common.api.ProblemException;
import io.customer360.common.testing.Refusals;
import java.nio.charset.StandardCharsets;

/**
 * Whatever {@code ?q=} a caller sends to /api/v1/search, it is refused with a 400 naming {@code q}, or it is 1-200
 * characters of text PostgreSQL can take (no NUL), stripped.
 */
class SearchQueryFuzzTest {

    @FuzzTest(maxDuration = "15s")
    void aQueryIsRefusedNamingQOrSearchable(byte[] parameter) {
        String q = new String(parameter, StandardCharsets.UTF_8);
        String query;
        try {
            query = SearchResource.query(q);
        } catch (ProblemException refused) {
            Refusals.assertNamesOneOf(refused, "q");
            return;
        }
        assertThat(query)
                .isEqualTo(q.strip())
                .isNotBlank()
                .hasSizeLessThanOrEqualTo(200)
                .doesNotContain("\u0000");
    }
}
