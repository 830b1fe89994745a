package io.customer360.mesh;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.nats.client.Connection;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One partner event is one trace across the packaged services (docs/tracing.md): the partner's traceparent on
 * {@code customer.events.…} is continued by ingest-service, profile-service and the consumers of
 * {@code profile.changed}, and the 360 view built afterwards names the event. The services export to an OTLP/HTTP
 * receiver in this test (http/protobuf).
 */
class TracingIT {

    private static final Duration WAIT = Duration.ofSeconds(45);
    private static final String PARTNER_TRACE = "0af7651916cd43dd8448eb211c80319c";
    private static final String PARTNER_SPAN = "b7ad6b7169203331";

    /** A span as exported: its service, ids, name and attributes (arrays joined with commas). */
    record ExportedSpan(
            String service,
            String traceId,
            String spanId,
            String parentSpanId,
            String name,
            Map<String, String> attributes) {}

    private static final List<ExportedSpan> SPANS = new CopyOnWriteArrayList<>();
    private static HttpServer receiver;
    private static Mesh mesh;
    private static Connection partner;

    @BeforeAll
    static void startMesh() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/", exchange -> {
            try (InputStream body = exchange.getRequestBody()) {
                collect(ExportTraceServiceRequest.parseFrom(body.readAllBytes()));
            }
            exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, 0);
            exchange.getResponseBody().close();
        });
        receiver.start();
        Map<String, String> tracing = Map.of(
                "quarkus.otel.sdk.disabled", "false",
                "quarkus.otel.exporter.otlp.endpoint",
                        "http://127.0.0.1:" + receiver.getAddress().getPort(),
                "quarkus.otel.exporter.otlp.protocol", "http/protobuf",
                "quarkus.otel.bsp.schedule.delay", "200ms");
        Map<String, Map<String, String>> extra = new HashMap<>();
        for (String service : List.of("ingest", "profile", "enrichment", "aggregator")) {
            extra.put(service, tracing);
        }
        mesh = Mesh.start(extra);
        partner = SecuredNats.connect("partner-default");
    }

    @AfterAll
    static void stopMesh() throws Exception {
        if (partner != null) {
            partner.close();
        }
        if (mesh != null) {
            mesh.close();
        }
        if (receiver != null) {
            receiver.stop(0);
        }
    }

    @Test
    void aPartnerEventIsOneTraceFromNatsToProfileChangedAndTheViewNamesIt() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String customer = "cust_trace_" + run;
        String eventId = "evt_trace_" + run;
        String body = """
                {"event_id":"%s","customer_id":"%s","event_type":"ticket_opened","timestamp":%d,"source_service":"helpdesk",
                 "data":{"ticket_id":"TKT-%s","priority":"high","title":"Export fails","email":"jane.doe@example.com"}}""".formatted(eventId, customer, java.time.Instant.now().getEpochSecond() - 60, run);
        Headers headers = new Headers().put("traceparent", "00-" + PARTNER_TRACE + "-" + PARTNER_SPAN + "-01");
        partner.jetStream()
                .publish(NatsMessage.builder()
                        .subject("customer.events." + customer + ".ticket_opened")
                        .headers(headers)
                        .data(body.getBytes(StandardCharsets.UTF_8))
                        .build());

        await().atMost(WAIT).untilAsserted(() -> {
            List<ExportedSpan> trace = SPANS.stream()
                    .filter(span -> span.traceId().equals(PARTNER_TRACE))
                    .toList();
            // ingest processes the partner's message as a child of the partner's span and publishes the event
            assertThat(trace).anySatisfy(span -> {
                assertThat(span.service()).isEqualTo("ingest-service");
                assertThat(span.name()).isEqualTo("process customer.events");
                assertThat(span.parentSpanId()).isEqualTo(PARTNER_SPAN);
                assertThat(span.attributes())
                        .containsEntry("c360.event_id", eventId)
                        .containsEntry("c360.tenant", "acme");
            });
            assertThat(trace)
                    .anySatisfy(span -> assertThat(span.service() + " " + span.name() + " "
                                    + span.attributes().get("c360.event_id"))
                            .isEqualTo("ingest-service publish profile.events " + eventId));
            // profile-service applies it and announces it, in the same trace
            assertThat(trace)
                    .anySatisfy(span -> assertThat(span.service() + " " + span.name() + " "
                                    + span.attributes().get("c360.event_id"))
                            .isEqualTo("profile-service process profile.events " + eventId));
            assertThat(trace)
                    .anySatisfy(span -> assertThat(span.service() + " " + span.name() + " "
                                    + span.attributes().get("c360.event_ids"))
                            .isEqualTo("profile-service publish profile.changed " + eventId));
            // and the consumers of profile.changed go on with it
            assertThat(trace).anySatisfy(span -> {
                assertThat(span.service()).isIn("aggregator-service", "enrichment-service");
                assertThat(span.name()).isEqualTo("process profile.changed");
            });
            // every hop is a child of a span of the trace: no hop starts a trace of its own
            Map<String, ExportedSpan> byId =
                    trace.stream().collect(Collectors.toMap(ExportedSpan::spanId, span -> span, (a, b) -> a));
            assertThat(trace)
                    .allSatisfy(span -> assertThat(
                                    span.parentSpanId().equals(PARTNER_SPAN) || byId.containsKey(span.parentSpanId()))
                            .as(span.service() + " " + span.name())
                            .isTrue());
        });

        // the 360 view built afterwards names the event among those behind what it shows
        String viewer = Keycloak.token("acme-viewer");
        await().atMost(WAIT).untilAsserted(() -> {
            given().auth()
                    .oauth2(viewer)
                    .get(mesh.aggregator.baseUrl() + "/api/v1/customer-360/" + customer)
                    .then()
                    .statusCode(200);
            assertThat(SPANS).anySatisfy(span -> {
                assertThat(span.service()).isEqualTo("aggregator-service");
                assertThat(span.attributes().get("c360.view.cache")).isEqualTo("miss");
                assertThat(span.attributes().get("c360.event_ids")).contains(eventId);
            });
        });
        // no personal data in any span: the event's email is nowhere
        assertThat(SPANS)
                .allSatisfy(span -> assertThat(span.attributes().values()).noneMatch(value -> value.contains("@")));
    }

    private static void collect(ExportTraceServiceRequest request) {
        HexFormat hex = HexFormat.of();
        for (ResourceSpans resource : request.getResourceSpansList()) {
            String service = resource.getResource().getAttributesList().stream()
                    .filter(attribute -> attribute.getKey().equals("service.name"))
                    .map(attribute -> attribute.getValue().getStringValue())
                    .findFirst()
                    .orElse("?");
            for (ScopeSpans scope : resource.getScopeSpansList()) {
                scope.getSpansList()
                        .forEach(span -> SPANS.add(new ExportedSpan(
                                service,
                                hex.formatHex(span.getTraceId().toByteArray()),
                                hex.formatHex(span.getSpanId().toByteArray()),
                                hex.formatHex(span.getParentSpanId().toByteArray()),
                                span.getName(),
                                span.getAttributesList().stream()
                                        .collect(Collectors.toMap(
                                                KeyValue::getKey,
                                                attribute -> text(attribute.getValue()),
                                                (a, b) -> a)))));
            }
        }
    }

    private static String text(AnyValue value) {
        return value.hasArrayValue()
                ? value.getArrayValue().getValuesList().stream()
                        .map(TracingIT::text)
                        .collect(Collectors.joining(","))
                : value.hasStringValue() ? value.getStringValue() : String.valueOf(value.getIntValue());
    }
}
