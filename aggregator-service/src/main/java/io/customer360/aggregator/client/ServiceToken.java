package io.customer360.aggregator.client;

import io.smallrye.mutiny.Uni;

/**
 * The aggregator's own access token (Keycloak client {@code c360-aggregator}, an operator identity), for the calls of
 * background work that no caller's token covers.
 */
public interface ServiceToken {

    Uni<String> accessToken();
}
