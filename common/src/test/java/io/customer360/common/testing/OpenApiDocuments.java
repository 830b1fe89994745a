package io.customer360.common.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Keeps the OpenAPI document a packaged service served in its @QuarkusIntegrationTest as {@code target/openapi.json} of
 * the module, where {@code scripts/openapi-lint.sh} (run by {@code ./mesh test}) lints it: the document linted is the
 * one the built service serves.
 */
public final class OpenApiDocuments {

    public static final Path FILE = Path.of("target", "openapi.json");

    private OpenApiDocuments() {}

    public static void store(String json) {
        try {
            Files.createDirectories(FILE.getParent());
            Files.writeString(FILE, json, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
