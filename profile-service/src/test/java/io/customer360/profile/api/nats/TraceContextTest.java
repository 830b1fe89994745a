package io.customer360.profile.api.nats;

import static io.customer360.common.testing.TestTokens.ACME;
import static io.customer360.profile.ProfileEvents.seedPurchase;
import static io.customer360.profile.ProfileEvents.subject;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.customer360.common.nats.NatsClient;
import io.nats.client.Message;
import io.nats.client.PublishOptions;
import io.nats.client.Subscription;
import io.nats.client.impl.Headers;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The W3C trace context goes on across NATS (docs/tracing.md): the {@code profile.changed} that announces an event
 * continues the trace its {@code profile.events} message carried, from a span of its own.
 */
@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
class TraceContextTest {

    private static final String PREFIX = "test.profile.";
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String PUBLISHER_SPAN = "00f067aa0ba902b7";

    @Inject
    NatsClient nats;

    @Inject
    ObjectMapper mapper;

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void profileChangedContinuesTheTraceOfTheEventItAnnounces() throws Exception {
        String customer = "trace_" + run;
        Subscription changes = nats.connection().subscribe(PREFIX + "profile.changed." + ACME + "." + customer);
        nats.connection().flush(Duration.ofSeconds(2));

        publish(
                seedPurchase(ACME, "tr1_" + run, customer),
                new Headers().put("traceparent", "00-" + TRACE_ID + "-" + PUBLISHER_SPAN + "-01"));

        Message changed = changes.nextMessage(WAIT);
        assertThat(changed).isNotNull();
        String[] traceparent = changed.getHeaders().getFirst("traceparent").split("-");
        assertThat(traceparent[1]).isEqualTo(TRACE_ID);
        assertThat(traceparent[2]).isNotEqualTo(PUBLISHER_SPAN);
        assertThat(traceparent[3]).isEqualTo("01");
    }

    @Test
    void anEventWithoutTraceContextStartsATraceThatProfileChangedCarries() throws Exception {
        String customer = "untraced_" + run;
        Subscription changes = nats.connection().subscribe(PREFIX + "profile.changed." + ACME + "." + customer);
        nats.connection().flush(Duration.ofSeconds(2));

        publish(seedPurchase(ACME, "tr2_" + run, customer), new Headers());

        Message changed = changes.nextMessage(WAIT);
        assertThat(changed).isNotNull();
        assertThat(changed.getHeaders().getFirst("traceparent"))
                .matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01")
                .doesNotContain(TRACE_ID);
    }

    private void publish(Map<String, Object> event, Headers headers) throws Exception {
        nats.jetStream()
                .publish(
                        PREFIX + subject(event),
                        headers,
                        mapper.writeValueAsBytes(event),
                        PublishOptions.builder()
                                .messageId((String) event.get("eventId"))
                                .build());
    }
}
