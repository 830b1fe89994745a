package io.customer360.aggregator.config;

import io.smallrye.config.ConfigMapping;
import java.net.URI;

/** The console's place on the web. */
@ConfigMapping(prefix = "aggregator.console")
public interface ConsoleConfig {

    /**
     * The URL people open the console at ({@code CONSOLE_PUBLIC_URL}, e.g. {@code https://customer360.example.com}):
     * the only host the console's pages answer for, so every redirect (to Keycloak and back, after sign-out) is built
     * from it and never from a request's {@code Host} header. Keycloak's client lists exactly its callback.
     */
    URI publicUrl();
}
