package io.customer360.profile;

import io.customer360.common.testing.PackageConvention;
import io.customer360.common.testing.PackageConvention.Exemption;
import org.junit.jupiter.api.Test;

/** The profile service keeps the package convention of docs/architecture.md ("Inside a service"). */
class PackageConventionTest {

    @Test
    void productionClassesKeepThePackageConvention() {
        PackageConvention.check("io.customer360.profile",
                new Exemption("io.customer360.profile.api.MergeResource",
                        "io.customer360.profile.messaging.ProfileChangedPublisher",
                        "the resource announces a committed merge itself; moving that into a service is a change of "
                                + "code, not of packages, and was left for later"));
    }
}
