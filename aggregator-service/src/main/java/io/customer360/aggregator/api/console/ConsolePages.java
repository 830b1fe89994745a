package io.customer360.aggregator.api.console;

import io.customer360.common.api.ProblemException;
import io.quarkus.security.Authenticated;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The console's pages and their assets. The finder ({@code /}), a customer ({@code /customers/{id}}) and the
 * dashboard ({@code /dashboard}) are one HTML shell whose script draws the page the path names, so every page can be
 * bookmarked and reloaded; signing in happens before a page is reached (HTTP permission {@code console}: a person
 * without a session is sent to Keycloak and back to the same path). The scripts, styles and icon are served under a
 * version taken from their content ({@code /console/assets/{version}/{file}}), so a browser keeps them for good and
 * asks again only when a release changes them; the shell itself is revalidated on every visit.
 */
@Path("/")
public class ConsolePages {

    static final String DIRECTORY = "META-INF/resources/console/";
    static final Map<String, String> ASSETS = Map.of(
            "app.js",
            "text/javascript",
            "dom.js",
            "text/javascript",
            "charts.js",
            "text/javascript",
            "finder.js",
            "text/javascript",
            "customer.js",
            "text/javascript",
            "dashboard.js",
            "text/javascript",
            "console.css",
            "text/css",
            "favicon.svg",
            "image/svg+xml");
    private static final String ASSET_PATH = "/console/assets/";

    private final Map<String, byte[]> assets = new LinkedHashMap<>();
    private final String version;
    private final byte[] shell;

    ConsolePages() {
        ASSETS.keySet().stream().sorted().forEach(file -> assets.put(file, load("assets/" + file)));
        version = version(assets);
        shell = new String(load("index.html"), StandardCharsets.UTF_8)
                .replace(ASSET_PATH, ASSET_PATH + version + "/")
                .getBytes(StandardCharsets.UTF_8);
    }

    @GET
    @Authenticated
    @Produces(MediaType.TEXT_HTML)
    @Operation(hidden = true)
    public Response finder() {
        return page();
    }

    @GET
    @Path("customers/{id}")
    @Authenticated
    @Produces(MediaType.TEXT_HTML)
    @Operation(hidden = true)
    public Response customer() {
        return page();
    }

    @GET
    @Path("dashboard")
    @Authenticated
    @Produces(MediaType.TEXT_HTML)
    @Operation(hidden = true)
    public Response dashboard() {
        return page();
    }

    /** A script, style or icon; under an older release's version it is served too, but not kept. */
    @GET
    @Path("console/assets/{version}/{file}")
    @PermitAll
    @Operation(hidden = true)
    public Response asset(@PathParam("version") String wanted, @PathParam("file") String file) {
        byte[] content = assets.get(file);
        if (content == null) {
            throw ProblemException.notFound("Console asset", file);
        }
        return Response.ok(content, ASSETS.get(file) + (file.endsWith(".svg") ? "" : ";charset=UTF-8"))
                .header("Cache-Control", version.equals(wanted) ? "public, max-age=31536000, immutable" : "no-cache")
                .build();
    }

    private Response page() {
        return Response.ok(shell, MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .header("Cache-Control", "no-cache")
                .build();
    }

    private static String version(Map<String, byte[]> assets) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            assets.forEach((file, content) -> {
                digest.update(file.getBytes(StandardCharsets.UTF_8));
                digest.update(content);
            });
            return HexFormat.of().formatHex(digest.digest()).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] load(String name) {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(DIRECTORY + name)) {
            if (in == null) {
                throw new IllegalStateException(DIRECTORY + name + " is missing from the application");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
