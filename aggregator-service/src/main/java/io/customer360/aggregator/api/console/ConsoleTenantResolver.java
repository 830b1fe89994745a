package io.customer360.aggregator.api.console;

import io.quarkus.oidc.TenantResolver;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Which OIDC tenant authenticates a request, by its path alone: the console's own paths
 * ({@code quarkus.oidc.console.tenant-paths}) the console's session (cookies, authorization-code flow), every other
 * path the default tenant (bearer tokens: {@code /api/*}, {@code /mcp}). Quarkus would otherwise pick the tenant named
 * by a session cookie on any path the tenant paths do not claim, so the console's cookie would sign a browser in on
 * the APIs and {@code /mcp} and win over an {@code Authorization} header there. Never null: no cookie ever decides.
 */
@ApplicationScoped
public class ConsoleTenantResolver implements TenantResolver {

    static final String CONSOLE = "console";
    /** Quarkus' id of the default tenant (OidcUtils.DEFAULT_TENANT_ID). */
    static final String DEFAULT = "Default";

    private final List<String> consolePaths;

    ConsoleTenantResolver(@ConfigProperty(name = "quarkus.oidc.console.tenant-paths") List<String> consolePaths) {
        this.consolePaths = List.copyOf(consolePaths);
    }

    @Override
    public String resolve(RoutingContext context) {
        return isConsolePath(context.normalizedPath()) ? CONSOLE : DEFAULT;
    }

    /** {@code /x} matches itself only, {@code /x/*} every path below {@code /x}. */
    boolean isConsolePath(String path) {
        for (String pattern : consolePaths) {
            if (pattern.endsWith("/*")
                    ? path.startsWith(pattern.substring(0, pattern.length() - 1))
                    : path.equals(pattern)) {
                return true;
            }
        }
        return false;
    }
}
