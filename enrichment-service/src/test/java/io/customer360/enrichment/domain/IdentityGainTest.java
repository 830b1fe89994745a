package io.customer360.enrichment.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Which identity values count as gained, and the normal form they are compared in. */
class IdentityGainTest {

    private static final Map<IdentityKind, Set<String>> ENRICHED_FROM_EMAIL_A = Map.of(IdentityKind.EMAIL, Set.of("a"));
    private static final Map<IdentityKind, Set<String>> ENRICHED_FROM_A_AND_X =
            Map.of(IdentityKind.EMAIL, Set.of("a"), IdentityKind.COMPANY, Set.of("x"));

    static Stream<Arguments> changes() {
        return Stream.of(
                Arguments.of(
                        "never enriched, email",
                        Map.of(),
                        Map.of(IdentityKind.EMAIL, "a"),
                        EnumSet.of(IdentityKind.EMAIL)),
                Arguments.of("never enriched, nothing known", Map.of(), Map.of(), EnumSet.noneOf(IdentityKind.class)),
                Arguments.of(
                        "same email",
                        ENRICHED_FROM_EMAIL_A,
                        Map.of(IdentityKind.EMAIL, "a"),
                        EnumSet.noneOf(IdentityKind.class)),
                Arguments.of(
                        "new email",
                        ENRICHED_FROM_EMAIL_A,
                        Map.of(IdentityKind.EMAIL, "b"),
                        EnumSet.of(IdentityKind.EMAIL)),
                Arguments.of(
                        "company added",
                        ENRICHED_FROM_EMAIL_A,
                        Map.of(IdentityKind.EMAIL, "a", IdentityKind.COMPANY, "x"),
                        EnumSet.of(IdentityKind.COMPANY)),
                Arguments.of(
                        "company removed",
                        ENRICHED_FROM_A_AND_X,
                        Map.of(IdentityKind.EMAIL, "a"),
                        EnumSet.noneOf(IdentityKind.class)),
                Arguments.of(
                        "back to an earlier email",
                        Map.of(IdentityKind.EMAIL, Set.of("a", "b")),
                        Map.of(IdentityKind.EMAIL, "a"),
                        EnumSet.noneOf(IdentityKind.class)),
                Arguments.of(
                        "both new",
                        ENRICHED_FROM_A_AND_X,
                        Map.of(IdentityKind.EMAIL, "b", IdentityKind.COMPANY, "y"),
                        EnumSet.allOf(IdentityKind.class)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("changes")
    void gained(
            String change,
            Map<IdentityKind, Set<String>> known,
            Map<IdentityKind, String> current,
            Set<IdentityKind> expected) {
        assertThat(IdentityGain.gained(current, known)).isEqualTo(expected);
    }

    static Stream<Arguments> values() {
        return Stream.of(
                Arguments.of(IdentityKind.EMAIL, " John.Smith@Example.COM ", "john.smith@example.com"),
                Arguments.of(IdentityKind.EMAIL, "   ", null),
                Arguments.of(IdentityKind.EMAIL, null, null),
                Arguments.of(IdentityKind.COMPANY, "Acme   Audio\t Inc", "acme audio inc"),
                Arguments.of(IdentityKind.COMPANY, "", null));
    }

    @ParameterizedTest(name = "{0} \"{1}\"")
    @MethodSource("values")
    void normalForm(IdentityKind kind, String value, String expected) {
        assertThat(kind.normalize(value)).isEqualTo(expected);
    }
}
