package io.customer360.common.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;

/**
 * Issue 19: an error body tells the caller what went wrong in its own terms, never how the service is built. No
 * exception or class name, no stack frame, no package of the JDK, Quarkus, Vert.x or the mesh.
 */
public final class ErrorBodies {

    /** What a body naming the implementation contains: exception and class names, packages, stack frames. */
    public static final List<String> INTERNALS = List.of(
            "Exception",
            "io.quarkus",
            "java.",
            "at io.",
            "io.vertx",
            "io.customer360",
            "org.jboss",
            "com.fasterxml",
            "io.smallrye",
            "com.networknt",
            "\tat ");

    private ErrorBodies() {}

    /**
     * Every way a caller of {@code tenant} with {@code roles} can fail to authenticate: no token (null), values that
     * are not tokens, a token with a forged signature, an expired one, one of another issuer, one for another audience.
     */
    public static List<String> refusedBearers(String tenant, String... roles) {
        return Arrays.asList(
                null,
                "garbled",
                "garbled.token.value",
                "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl",
                TestTokens.token(tenant, roles).replaceFirst("\\.[^.]*$", ".Zm9yZ2Vk"),
                TestTokens.expiredToken(tenant, roles),
                TestTokens.foreignIssuerToken(tenant, roles),
                TestTokens.otherAudienceToken(tenant, roles));
    }

    public static void assertNamesNoInternals(String body) {
        for (String internal : INTERNALS) {
            assertThat(body).as("an error body must not name '%s'", internal).doesNotContain(internal);
        }
    }
}
