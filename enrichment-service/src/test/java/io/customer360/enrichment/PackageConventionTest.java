package io.customer360.enrichment;

import io.customer360.common.testing.PackageConvention;
import org.junit.jupiter.api.Test;

/** The enrichment service keeps the package convention of docs/architecture.md ("Inside a service"). */
class PackageConventionTest {

    @Test
    void productionClassesKeepThePackageConvention() {
        PackageConvention.check("io.customer360.enrichment");
    }
}
