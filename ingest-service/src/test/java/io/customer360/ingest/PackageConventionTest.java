package io.customer360.ingest;

import io.customer360.common.testing.PackageConvention;
import org.junit.jupiter.api.Test;

/** The ingest service keeps the package convention of docs/architecture.md ("Inside a service"). */
class PackageConventionTest {

    @Test
    void productionClassesKeepThePackageConvention() {
        PackageConvention.check("io.customer360.ingest");
    }
}
