package io.customer360.aggregator.testing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/** A client's MCP session at /mcp, opened as MCP 2025-06-18 says: initialize, then notifications/initialized. */
public final class McpSession {

    public static final String HEADER = "Mcp-Session-Id";
    public static final String PROTOCOL = "2025-06-18";
    public static final String INITIALIZE = """
            {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},
             "clientInfo":{"name":"aggregator-tests","version":"1"}}}""";
    private static final String INITIALIZED = """
            {"jsonrpc":"2.0","method":"notifications/initialized"}""";

    private McpSession() {}

    /** Opens a session for the bearer's caller; answers its id. */
    public static String open(String bearer) {
        Response initialized = request(bearer).body(INITIALIZE).post("/mcp");
        initialized.then().statusCode(200);
        String session = initialized.header(HEADER);
        assertThat(session).as("the Mcp-Session-Id initialize answers").isNotBlank();
        in(session, bearer).body(INITIALIZED).post("/mcp").then().statusCode(202);
        return session;
    }

    /** A request of the session. */
    public static RequestSpecification in(String session, String bearer) {
        return request(bearer).header(HEADER, session).header("Mcp-Protocol-Version", PROTOCOL);
    }

    /** A request outside any session (initialize). */
    public static RequestSpecification request(String bearer) {
        return given().auth()
                .oauth2(bearer)
                .accept("application/json, text/event-stream")
                .contentType("application/json");
    }
}
