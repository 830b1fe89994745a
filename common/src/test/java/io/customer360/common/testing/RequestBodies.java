package io.customer360.common.testing;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.Optional;

/**
 * Request bodies as the services' JSON reader sees them, for fuzz targets that start where a resource method does:
 * what the reader cannot turn into the body's type is answered 400 before the resource runs, so it is empty here.
 */
public final class RequestBodies {

    /** Like Quarkus' mapper: java.time support, unknown properties ignored. */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .findAndAddModules()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private RequestBodies() {}

    public static <T> Optional<T> read(byte[] body, Class<T> type) {
        try {
            return Optional.ofNullable(JSON.readValue(body, type));
        } catch (IOException answered400) {
            return Optional.empty();
        }
    }

    public static Optional<JsonNode> tree(byte[] body) {
        return read(body, JsonNode.class);
    }
}
