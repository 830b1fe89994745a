package io.customer360.bench.enrichment;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One local HTTP server answering in the documented formats of the providers the free/pro/enterprise waterfalls ask
 * without an address (People Data Labs, Clearbit combined find, Hunter email verifier, Google Places Text Search (New),
 * OpenCorporates search), on one port under each provider's own paths. In {@link Mode#DEGRADED} People Data Labs is
 * slow (answers after {@code slowMillis} with a partial person, so the waterfall goes on) and Clearbit fails (503).
 */
final class ProviderStub implements AutoCloseable {

    enum Mode {
        HEALTHY,
        DEGRADED
    }

    private static final String PDL_MATCH = """
            {"status": 200, "likelihood": 9, "data": {"full_name": "john smith", "job_title": "head of audio engineering",
              "job_company_name": "acme audio", "industry": "consumer electronics",
              "location_name": "denver, colorado, united states", "linkedin_url": "linkedin.com/in/johnsmith-audio"}}""";
    private static final String PDL_PARTIAL = """
            {"status": 200, "likelihood": 7, "data": {"job_title": "audio engineer"}}""";
    private static final String CLEARBIT_MATCH = """
            {"person": {"name": {"fullName": "John Smith"}, "employment": {"name": "Acme Audio", "title": "Audio Engineer"}},
             "company": {"name": "Acme Audio", "domain": "acme-audio.example"}}""";
    private static final String HUNTER_VALID = """
            {"data": {"status": "valid", "result": "deliverable", "score": 91, "email": "john.smith@acme-audio.example",
              "webmail": false, "disposable": false}}""";
    private static final String PLACES_MATCH = """
            {"places": [{"id": "ChIJN1t_tDeuEmsRUsoyG83frY4", "displayName": {"text": "Acme Audio", "languageCode": "en"},
              "formattedAddress": "1 Audio Way, Denver, CO 80202, USA", "rating": 4.6, "userRatingCount": 231,
              "websiteUri": "https://acme-audio.example/", "businessStatus": "OPERATIONAL"}]}""";
    private static final String OPENCORPORATES_MATCH = """
            {"api_version": "0.4", "results": {"companies": [{"company": {"name": "ACME AUDIO LLC",
              "company_number": "20181234567", "jurisdiction_code": "us_co", "incorporation_date": "2018-03-14",
              "current_status": "Good Standing"}}], "page": 1, "per_page": 1, "total_pages": 1, "total_count": 1}}""";

    private final HttpServer server;
    private final ExecutorService workers = Executors.newFixedThreadPool(64);
    private final long slowMillis;
    private volatile Mode mode = Mode.HEALTHY;
    final AtomicLong clearbitFailures = new AtomicLong();
    final AtomicLong slowAnswers = new AtomicLong();

    ProviderStub(long slowMillis) throws IOException {
        this.slowMillis = slowMillis;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
        server.setExecutor(workers);
        server.createContext("/v5/person/enrich", exchange -> {
            if (mode == Mode.DEGRADED) {
                sleep(slowMillis);
                slowAnswers.incrementAndGet();
                answer(exchange, 200, PDL_PARTIAL);
            } else {
                answer(exchange, 200, PDL_MATCH);
            }
        });
        server.createContext("/v2/combined/find", exchange -> {
            if (mode == Mode.DEGRADED) {
                clearbitFailures.incrementAndGet();
                answer(exchange, 503, "{\"error\": {\"type\": \"unavailable\"}}");
            } else {
                answer(exchange, 200, CLEARBIT_MATCH);
            }
        });
        server.createContext("/v2/email-verifier", exchange -> answer(exchange, 200, HUNTER_VALID));
        server.createContext("/v1/places:searchText", exchange -> answer(exchange, 200, PLACES_MATCH));
        server.createContext("/v0.4/companies/search", exchange -> answer(exchange, 200, OPENCORPORATES_MATCH));
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    long slowMillis() {
        return slowMillis;
    }

    void mode(Mode mode) {
        this.mode = mode;
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        exchange.getRequestBody().readAllBytes();
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
    }
}
