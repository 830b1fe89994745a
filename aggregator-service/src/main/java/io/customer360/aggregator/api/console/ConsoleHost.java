package io.customer360.aggregator.api.console;

import io.customer360.aggregator.config.ConsoleConfig;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.util.Locale;

/**
 * The console answers for its configured public URL only. Quarkus builds the sign-in redirect (its {@code
 * redirect_uri}) and the sign-out redirect from the request's host, which a client chooses: a request to a console
 * path naming another host in {@code Host} is sent to the same path at the public URL instead, before authentication
 * runs, so no redirect the console makes ever names a host it was not configured with. The APIs and {@code /mcp}
 * build no redirects and are left alone.
 */
@ApplicationScoped
public class ConsoleHost {

    /** Before CORS (300) and authentication (200): nothing has read the host yet. */
    static final int PRIORITY = 400;

    private final ConsoleTenantResolver paths;
    private final URI publicUrl;
    private final String authority;

    ConsoleHost(ConsoleTenantResolver paths, ConsoleConfig config) {
        this.paths = paths;
        this.publicUrl = config.publicUrl();
        String scheme = publicUrl.getScheme();
        if (publicUrl.getHost() == null || !("http".equals(scheme) || "https".equals(scheme))) {
            throw new IllegalStateException(
                    "aggregator.console.public-url must be an http(s) URL with a host: " + publicUrl);
        }
        this.authority = authority(publicUrl.getHost(), publicUrl.getPort(), scheme);
    }

    void register(@Observes Filters filters) {
        filters.register(this::check, PRIORITY);
    }

    void check(RoutingContext context) {
        String path = context.normalizedPath();
        if (!paths.isConsolePath(path) || isPublic(context.request().getHeader(HttpHeaders.HOST))) {
            context.next();
            return;
        }
        // the normalized path and the query only: an absolute-form request target cannot name another host either
        String query = context.request().query();
        String target = origin() + path + (query == null ? "" : "?" + query);
        context.response()
                .setStatusCode(307)
                .putHeader(HttpHeaders.LOCATION, target)
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                .end();
    }

    /** The public URL's scheme, host and port, without a path. */
    String origin() {
        return publicUrl.getScheme() + "://" + authority;
    }

    boolean isPublic(String host) {
        if (host == null) {
            return false;
        }
        int colon = host.lastIndexOf(':');
        boolean hasPort = colon > host.lastIndexOf(']');
        int port;
        try {
            port = hasPort ? Integer.parseInt(host.substring(colon + 1)) : -1;
        } catch (NumberFormatException e) {
            return false;
        }
        return authority.equals(authority(hasPort ? host.substring(0, colon) : host, port, publicUrl.getScheme()));
    }

    /** host[:port], lower case, the scheme's default port left out. */
    private static String authority(String host, int port, String scheme) {
        boolean defaultPort =
                port == -1 || ("http".equals(scheme) && port == 80) || ("https".equals(scheme) && port == 443);
        return host.toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
    }
}
