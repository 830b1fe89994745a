package io.customer360.common.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.customer360.common.api.Problem;
import io.customer360.common.api.ProblemException;
import java.util.Arrays;

/**
 * What fuzz targets assert about a refusal: a client can only fix a request when the 400 names the field that is
 * wrong, so a refusal without one (or of another status) is a finding.
 */
public final class Refusals {

    private Refusals() {}

    /** Fails unless {@code refused} is a 400 with exactly one violation, naming one of {@code fields}. */
    public static void assertNamesOneOf(ProblemException refused, String... fields) {
        Problem problem = refused.problem();
        assertEquals(400, problem.status(), problem.detail());
        assertEquals(1, problem.violations().size(), problem.detail());
        String field = problem.violations().get(0).field();
        assertTrue(
                Arrays.asList(fields).contains(field),
                "the refusal names '" + field + "', expected one of " + Arrays.toString(fields));
    }
}
