package io.customer360.aggregator.testing;

import io.customer360.aggregator.client.ServiceToken;
import io.customer360.common.auth.Roles;
import io.customer360.common.testing.TestTokens;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The aggregator's service token in tests, instead of Keycloak's client-credentials grant: an operator identity as
 * the realm's {@code c360-aggregator} client is (c360.viewer, c360.operator, no tenant claim), signed by the OIDC test
 * server's key.
 */
@ApplicationScoped
public class TestServiceToken implements ServiceToken {

    @Override
    public Uni<String> accessToken() {
        return Uni.createFrom().item(() -> TestTokens.tokenWithoutTenant(Roles.VIEWER, Roles.OPERATOR));
    }
}
