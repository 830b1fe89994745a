package io.customer360.enrichment.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.customer360.common.api.ProblemException;
import io.customer360.common.testing.Refusals;
import io.customer360.common.testing.RequestBodies;
import io.customer360.enrichment.api.TierResource.TierChange;
import io.customer360.enrichment.domain.Tier;

/**
 * Whatever body an editor sends to trigger or refresh enrichment, or an admin to change the tier, it is refused with
 * a 400 naming the field, or it is what was sent: both address lines (stripped, short, no control characters) or
 * none, and a tier by its wire name. The same bytes are tried as both bodies.
 */
class RequestBodiesFuzzTest {

    @FuzzTest(maxDuration = "15s")
    void aBodyIsRefusedNamingTheFieldOrTakenAsSent(byte[] body) {
        EnrichRequest request = RequestBodies.read(body, EnrichRequest.class).orElse(null);
        try {
            EnrichRequest.PropertyAddress address = EnrichmentResource.propertyAddress(request);
            if (address != null) {
                assertThat(address.line1())
                        .isEqualTo(request.propertyAddress().line1().strip());
                assertThat(address.line2())
                        .isEqualTo(request.propertyAddress().line2().strip());
                assertThat(address.line1() + address.line2()).doesNotContainPattern("\\p{Cntrl}");
                assertThat(address.line1().length()).isBetween(1, EnrichmentResource.MAX_ADDRESS_LINE);
                assertThat(address.line2().length()).isBetween(1, EnrichmentResource.MAX_ADDRESS_LINE);
            }
        } catch (ProblemException refused) {
            Refusals.assertNamesOneOf(refused, "propertyAddress.line1", "propertyAddress.line2");
        }
        TierChange change = RequestBodies.read(body, TierChange.class).orElse(null);
        try {
            Tier tier = TierResource.tierOf(change);
            assertThat(tier.wireName()).isEqualTo(change.tier());
        } catch (ProblemException refused) {
            Refusals.assertNamesOneOf(refused, "tier");
        }
    }
}
