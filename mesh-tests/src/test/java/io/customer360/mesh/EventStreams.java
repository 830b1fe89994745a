package io.customer360.mesh;

import io.restassured.authentication.PreemptiveOAuth2HeaderScheme;
import io.restassured.builder.ResponseBuilder;
import io.restassured.http.Header;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.RequestSpecification;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Calls a server-sent-events operation for the security suite: an open stream never ends, so its status, headers and
 * whatever it sent within a moment are taken, then the connection is dropped. Refusals (401, 403, 404, 400) end by
 * themselves and come back whole.
 */
final class EventStreams {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Duration HEAD_WITHIN = Duration.ofSeconds(15);
    private static final Duration READ_FOR = Duration.ofMillis(1500);

    private EventStreams() {}

    static Response open(RequestSpecification spec, String method, String url) {
        FilterableRequestSpecification request = (FilterableRequestSpecification) spec;
        StringBuilder target = new StringBuilder(url);
        String separator = url.contains("?") ? "&" : "?";
        for (Map.Entry<String, ?> parameter : request.getQueryParams().entrySet()) {
            // the suite hands over values already encoded (urlEncodingEnabled(false))
            target.append(separator)
                    .append(URLEncoder.encode(parameter.getKey(), StandardCharsets.UTF_8))
                    .append('=')
                    .append(parameter.getValue());
            separator = "&";
        }
        HttpRequest.Builder http = HttpRequest.newBuilder(URI.create(target.toString()))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .header("Accept", "text/event-stream");
        for (Header header : request.getHeaders()) {
            if (!header.getName().equalsIgnoreCase("Accept")
                    && !header.getName().equalsIgnoreCase("Content-Type")) {
                http.header(header.getName(), header.getValue());
            }
        }
        if (request.getAuthenticationScheme() instanceof PreemptiveOAuth2HeaderScheme oauth2) {
            http.header("Authorization", "Bearer " + oauth2.getAccessToken());
        }
        try {
            HttpResponse<InputStream> response = HTTP.sendAsync(http.build(), HttpResponse.BodyHandlers.ofInputStream())
                    .get(HEAD_WITHIN.toMillis(), TimeUnit.MILLISECONDS);
            byte[] body = readFor(response.body());
            return new ResponseBuilder()
                    .setStatusCode(response.statusCode())
                    .setContentType(
                            response.headers().firstValue("Content-Type").orElse(""))
                    .setBody(new String(body, StandardCharsets.UTF_8))
                    .build();
        } catch (Exception e) {
            throw new IllegalStateException("The stream " + url + " did not answer: " + e, e);
        }
    }

    /** What the stream sends within {@link #READ_FOR} (all of it when it ends sooner). */
    private static byte[] readFor(InputStream body) throws Exception {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        CompletableFuture<Void> all = CompletableFuture.runAsync(() -> {
            byte[] chunk = new byte[8192];
            try {
                for (int n = body.read(chunk); n >= 0; n = body.read(chunk)) {
                    synchronized (received) {
                        received.write(chunk, 0, n);
                    }
                }
            } catch (IOException closed) {
                // dropped below, after the reading time
            }
        });
        try {
            all.get(READ_FOR.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException stillOpen) {
            body.close();
        }
        synchronized (received) {
            return received.toByteArray();
        }
    }
}
