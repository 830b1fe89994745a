package io.customer360.aggregator.api.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.customer360.common.api.ProblemException;
import io.customer360.common.api.ProblemType;
import io.quarkiverse.mcp.server.JsonRpcErrorCodes;
import io.quarkiverse.mcp.server.McpException;
import io.quarkiverse.mcp.server.ToolCallException;
import io.quarkus.security.ForbiddenException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/** How the MCP tools turn problems and bad arguments into tool errors (plain JUnit). */
class CustomerToolsTest {

    @Test
    void aProblemBecomesAToolErrorWithItsDetail() {
        assertThat(CustomerTools.toolError(ProblemException.notFound("Customer", "c1")))
                .isInstanceOf(ToolCallException.class)
                .hasMessage("Customer 'c1' was not found");
        assertThat(CustomerTools.toolError(
                        new ProblemException(ProblemType.UPSTREAM_UNAVAILABLE, "profile-service is unreachable")))
                .isInstanceOf(ToolCallException.class)
                .hasMessage("profile-service is unreachable");
        assertThat(CustomerTools.toolError(
                        ProblemException.invalid("limit", "must be a whole number between 1 and 100")))
                .isInstanceOf(ToolCallException.class)
                .hasMessage("limit: must be a whole number between 1 and 100");
    }

    @Test
    void securityFailuresAndBugsAreNotToolErrors() {
        ForbiddenException forbidden = new ForbiddenException();
        IllegalStateException bug = new IllegalStateException("bug");
        assertThat(CustomerTools.toolError(forbidden)).isSameAs(forbidden);
        assertThat(CustomerTools.toolError(bug)).isSameAs(bug);
    }

    @Test
    void aCallerWithoutTheViewerRoleGetsTheSecurityErrorNamingTheRoleNotAnException() {
        McpException refused = CustomerTools.lacksViewerRole();
        assertThat(refused.getJsonRpcErrorCode()).isEqualTo(JsonRpcErrorCodes.SECURITY_ERROR);
        assertThat(refused.getMessage())
                .contains("c360.viewer")
                .doesNotContain("Exception")
                .doesNotContain("io.quarkus");
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", " ", "a.b", "a*", "a>b", "a b", "a\tb", "a\u0000b"})
    void aCustomerIdThatCannotExistIsRefused(String id) {
        assertThatThrownBy(() -> CustomerTools.requireCustomerId(id))
                .isInstanceOf(ProblemException.class)
                .hasMessageStartingWith("customerId: must be 1-128 characters");
    }

    @Test
    void limitsAreBounded() {
        assertThat(CustomerTools.bounded("limit", null, 20, 100)).isEqualTo(20);
        assertThat(CustomerTools.bounded("limit", 1, 20, 100)).isEqualTo(1);
        assertThat(CustomerTools.bounded("limit", 100, 20, 100)).isEqualTo(100);
        assertThatThrownBy(() -> CustomerTools.bounded("limit", 0, 20, 100))
                .hasMessage("limit: must be a whole number between 1 and 100");
        assertThatThrownBy(() -> CustomerTools.bounded("limit", 101, 20, 100)).isInstanceOf(ProblemException.class);
    }
}
