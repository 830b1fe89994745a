package io.customer360.aggregator;

import io.customer360.common.testing.PackageConvention;
import io.customer360.common.testing.PackageConvention.Exemption;
import org.junit.jupiter.api.Test;

/** The aggregator service keeps the package convention of docs/architecture.md ("Inside a service"). */
class PackageConventionTest {

    private static final String PASS_THROUGH = "passes another service's answer on as it is (no rules); a service "
            + "in between would be a change of code, not of packages, left for later";

    @Test
    void productionClassesKeepThePackageConvention() {
        PackageConvention.check(
                "io.customer360.aggregator",
                new Exemption(
                        "io.customer360.aggregator.api.console.ConsoleResource",
                        "io.customer360.aggregator.client.ConsoleProfileApi",
                        PASS_THROUGH),
                new Exemption(
                        "io.customer360.aggregator.api.console.ConsoleResource",
                        "io.customer360.aggregator.client.ConsoleEnrichmentApi",
                        PASS_THROUGH),
                new Exemption(
                        "io.customer360.aggregator.api.mcp.CustomerTools",
                        "io.customer360.aggregator.client.ProfileTimelineClient",
                        PASS_THROUGH));
    }
}
