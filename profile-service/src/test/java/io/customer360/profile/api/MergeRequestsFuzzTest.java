package io.customer360.profile.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.customer360.common.api.CustomerIds;
import io.customer360.common.api.ProblemException;
import io.customer360.common.testing.Refusals;
import io.customer360.common.testing.RequestBodies;
import io.customer360.profile.api.MergeResource.MergeRequest;
import io.customer360.profile.api.MergeResource.UnmergeRequest;

/**
 * Whatever body an editor POSTs to /merge or /unmerge, it is refused with a 400 naming sourceId or mergeId, or it
 * names a customer id that can exist and the merge exactly as sent. The same bytes are tried as both bodies.
 */
class MergeRequestsFuzzTest {

    @FuzzTest(maxDuration = "15s")
    void aMergeIsRefusedNamingTheFieldOrTakenAsSent(byte[] body) {
        MergeRequest merge = RequestBodies.read(body, MergeRequest.class).orElse(null);
        try {
            String sourceId = MergeResource.sourceIdOf(merge);
            assertThat(sourceId).isEqualTo(merge.sourceId()).matches(CustomerIds::isValid);
        } catch (ProblemException refused) {
            Refusals.assertNamesOneOf(refused, "sourceId");
        }
        UnmergeRequest unmerge = RequestBodies.read(body, UnmergeRequest.class).orElse(null);
        try {
            assertThat(MergeResource.mergeIdOf(unmerge)).isEqualTo(unmerge.mergeId());
        } catch (ProblemException refused) {
            Refusals.assertNamesOneOf(refused, "mergeId");
        }
    }
}
