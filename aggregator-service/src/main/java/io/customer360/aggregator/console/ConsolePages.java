package io.customer360.aggregator.console;

import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The console's pages: the finder ({@code /}), a customer ({@code /customers/{id}}) and the dashboard
 * ({@code /dashboard}) are one HTML shell whose script draws the page the path names, so every page can be
 * bookmarked and reloaded. Signing in happens before this is reached (HTTP permission {@code console}: a person
 * without a session is sent to Keycloak and back to the same path).
 */
@Path("/")
@Authenticated
@Produces(MediaType.TEXT_HTML)
public class ConsolePages {

    static final String SHELL = "META-INF/resources/console/index.html";

    private final byte[] shell = load();

    @GET
    @Operation(hidden = true)
    public Response finder() {
        return page();
    }

    @GET
    @Path("customers/{id}")
    @Operation(hidden = true)
    public Response customer() {
        return page();
    }

    @GET
    @Path("dashboard")
    @Operation(hidden = true)
    public Response dashboard() {
        return page();
    }

    private Response page() {
        // revalidated on every visit (as the assets are), so a new release is picked up at once
        return Response.ok(shell, MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).header("Cache-Control", "no-cache").build();
    }

    private static byte[] load() {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(SHELL)) {
            if (in == null) {
                throw new IllegalStateException(SHELL + " is missing from the application");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
