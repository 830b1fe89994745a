package io.customer360.enrichment.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.customer360.common.nats.NatsClient;
import io.customer360.common.nats.Topology;
import io.customer360.common.testing.ProfileServiceResource;
import io.customer360.enrichment.service.usage.ChargedCall;
import io.customer360.enrichment.service.usage.LedgerLine;
import io.customer360.enrichment.service.usage.UsageLedger;
import io.customer360.enrichment.testing.Billing;
import io.customer360.enrichment.testing.ProviderStubs;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.StreamInfoOptions;
import io.quarkus.arc.ClientProxy;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Usage messages go through the outbox: written with their line, published by the relay, marked sent. While NATS
 * refuses every publish nothing is marked sent and nothing is lost; once it is back each line is published once, with
 * its charge id in the body and {@code Nats-Msg-Id} {@code {tenant}:{chargeId}}, so a re-publish is stored once.
 */
@QuarkusTest
@WithTestResource(ProfileServiceResource.class)
@WithTestResource(ProviderStubs.class)
class UsageOutboxTest {

    private static final ChargedCall PDL = new ChargedCall("people-data-labs", "person", new BigDecimal("0.2800"));
    private static final ChargedCall PLACES = new ChargedCall("google-places", "business", new BigDecimal("0.0320"));

    /** NATS down: every publish fails as the client's does when no acknowledgement comes. */
    static final class NatsDown extends UsagePublisher {
        final AtomicInteger attempts = new AtomicInteger();

        NatsDown() {
            super(null);
        }

        @Override
        public Uni<Void> publish(String tenant, String customerId, long chargeId, byte[] body) {
            attempts.incrementAndGet();
            return Uni.createFrom()
                    .failure(new IOException("Timeout or no response waiting for NATS JetStream server"));
        }
    }

    @Inject
    UsageLedger ledger;

    @Inject
    UsageOutboxRelay relay;

    @Inject
    UsagePublisher publisher;

    @Inject
    NatsClient nats;

    @Inject
    Pool pool;

    @Test
    void linesWrittenWhileNatsIsDownArePublishedOnceItIsBackAndNeverLost() throws Exception {
        String tenant = Billing.freshTenant();
        String customer = "cus_outbox";
        UsagePublisher real = ClientProxy.unwrap(publisher);
        NatsDown down = new NatsDown();
        QuarkusMock.installMockForType(down, UsagePublisher.class);

        List<LedgerLine> lines = ledger.charge(tenant, YearMonth.now(ZoneOffset.UTC), customer, List.of(PDL, PLACES))
                .await()
                .indefinitely();
        // the charge woke the relay; more passes (the schedule's, this one) fail the same way
        await().atMost(Duration.ofSeconds(30)).until(() -> down.attempts.get() >= 2);
        relay.relayOnce().await().indefinitely();
        assertThat(outbox(tenant)).hasSize(2).allSatisfy(row -> {
            assertThat(row.getValue("sent_at")).isNull();
            assertThat(row.getInteger("attempts")).isPositive();
        });
        assertThat(held(tenant, customer)).isZero();

        QuarkusMock.installMockForType(real, UsagePublisher.class);
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            relay.relayOnce().await().indefinitely();
            return outbox(tenant).stream().allMatch(row -> row.getValue("sent_at") != null);
        });
        assertThat(held(tenant, customer)).isEqualTo(2);
        MessageInfo last = nats.management()
                .getLastMessage(
                        nats.name(Topology.ENRICHMENT), nats.subject("enrichment.usage." + tenant + "." + customer));
        LedgerLine places = lines.get(1);
        assertThat(last.getHeaders().getFirst("Nats-Msg-Id")).isEqualTo(tenant + ":" + places.chargeId());
        JsonNode body = Billing.json(new String(last.getData(), StandardCharsets.UTF_8));
        assertThat(body.path("chargeId").asLong()).isEqualTo(places.chargeId());
        assertThat(body.path("tenant").asText()).isEqualTo(tenant);
        assertThat(body.path("customerId").asText()).isEqualTo(customer);
        assertThat(body.path("provider").asText()).isEqualTo("google-places");
        assertThat(body.path("dataType").asText()).isEqualTo("business");
        assertThat(body.path("cost").decimalValue()).isEqualByComparingTo("0.032");
        assertThat(body.path("units").asInt()).isZero();
        assertThat(body.path("status").asText()).isEqualTo("charged");

        // a relay that crashed after the acknowledgement sends again: JetStream keeps one copy per charge id
        pool.preparedQuery("UPDATE enrichment_usage_outbox SET sent_at = NULL WHERE tenant = $1")
                .execute(Tuple.of(tenant))
                .await()
                .indefinitely();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            relay.relayOnce().await().indefinitely();
            return outbox(tenant).stream().allMatch(row -> row.getValue("sent_at") != null);
        });
        assertThat(held(tenant, customer)).isEqualTo(2);
    }

    private List<Row> outbox(String tenant) {
        List<Row> rows = new ArrayList<>();
        pool.preparedQuery(
                        "SELECT charge_id, attempts, sent_at FROM enrichment_usage_outbox WHERE tenant = $1 ORDER BY charge_id")
                .execute(Tuple.of(tenant))
                .await()
                .indefinitely()
                .forEach(rows::add);
        return rows;
    }

    /** Messages stream ENRICHMENT holds on the customer's usage subject. */
    private long held(String tenant, String customer) throws Exception {
        String subject = nats.subject("enrichment.usage." + tenant + "." + customer);
        List<io.nats.client.api.Subject> subjects = nats.management()
                .getStreamInfo(nats.name(Topology.ENRICHMENT), StreamInfoOptions.filterSubjects(subject))
                .getStreamState()
                .getSubjects();
        return subjects == null
                ? 0
                : subjects.stream()
                        .mapToLong(io.nats.client.api.Subject::getCount)
                        .sum();
    }
}
