package io.customer360.aggregator.client;

import io.quarkus.arc.DefaultBean;
import io.quarkus.oidc.client.OidcClients;
import io.quarkus.oidc.client.Tokens;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The service token from the realm's token endpoint, client-credentials grant of OIDC client {@value #CLIENT}
 * ({@code quarkus.oidc-client.c360-aggregator.*}); kept until it is about to expire.
 */
@DefaultBean
@ApplicationScoped
public class OidcServiceToken implements ServiceToken {

    static final String CLIENT = "c360-aggregator";

    private final OidcClients clients;
    private volatile Tokens current;

    OidcServiceToken(OidcClients clients) {
        this.clients = clients;
    }

    @Override
    public Uni<String> accessToken() {
        Tokens tokens = current;
        if (tokens != null && !tokens.isAccessTokenExpired() && !tokens.isAccessTokenWithinRefreshInterval()) {
            return Uni.createFrom().item(tokens.getAccessToken());
        }
        return clients.getClient(CLIENT)
                .getTokens()
                .invoke(fresh -> current = fresh)
                .map(Tokens::getAccessToken);
    }
}
