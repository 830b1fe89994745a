package io.customer360.aggregator.api.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.customer360.common.api.Page;
import io.customer360.common.contract.profile.CustomerSummary;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The dashboard's customers per health band, from one capped page of profile-service's list per band. */
class HealthBandCountsTest {

    private static PagePart<Page<CustomerSummary>> page(int customers, String nextCursor) {
        return PagePart.ok(new Page<>(Collections.nCopies(customers, customer()), nextCursor));
    }

    private static CustomerSummary customer() {
        return new CustomerSummary("cust_1", null, null, null, null, null, null, null, null, null);
    }

    @Test
    void healthBandsCountEachBandAndSayWhenThereAreMore() {
        PagePart<Page<CustomerSummary>> healthy = page(2, null);
        PagePart<Page<CustomerSummary>> watch = page(1, "abc");
        PagePart<Page<CustomerSummary>> atRisk = page(0, null);

        ObjectNode bands = ConsoleResource.healthBands(List.of(healthy, watch, atRisk));
        assertThat(bands.toString())
                .isEqualTo("{\"status\":\"ok\",\"bands\":["
                        + "{\"band\":\"healthy\",\"customers\":2,\"more\":false},"
                        + "{\"band\":\"watch\",\"customers\":1,\"more\":true},"
                        + "{\"band\":\"at_risk\",\"customers\":0,\"more\":false}]}");

        PagePart<Page<CustomerSummary>> failed = PagePart.unavailable("profile-service answered 503");
        ObjectNode partly = ConsoleResource.healthBands(List.of(healthy, failed, atRisk));
        assertThat(partly.path("status").asText()).isEqualTo("unavailable");
        assertThat(partly.path("reason").asText()).isEqualTo("profile-service answered 503");
    }
}
