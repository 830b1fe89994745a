package io.customer360.common.nats;

import static org.assertj.core.api.Assertions.assertThat;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.api.DiscardPolicy;
import io.nats.client.api.StreamConfiguration;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Stream size limits on the machine's NATS (127.0.0.1:4222), under names of this test only: provisioning sets each
 * stream's max_bytes and discard policy, and changes the limits of streams that already exist.
 */
class ProvisionerLimitsTest {

    private static final String NATS_URL = System.getProperty("c360.nats.url", "nats://127.0.0.1:4222");
    private static final List<String> TENANTS = List.of("acme");
    private static final long MIB = 1024 * 1024;

    private final String prefix = "LIMITS_"
            + UUID.randomUUID().toString().replace("-", "").substring(0, 8).toUpperCase() + "_";
    private Connection nats;
    private JetStreamManagement jsm;

    @BeforeEach
    void connect() throws IOException, InterruptedException {
        nats = Nats.connect(NATS_URL);
        jsm = nats.jetStreamManagement();
    }

    @AfterEach
    void deleteStreams() throws IOException, JetStreamApiException, InterruptedException {
        for (String stream : jsm.getStreamNames()) {
            if (stream.startsWith(prefix)) {
                jsm.deleteStream(stream);
            }
        }
        nats.close();
    }

    @Test
    void eachStreamGetsItsLimitAndDiscardPolicyAndUnnamedStreamsStayUnlimited() throws Exception {
        provisioner(Map.of(Topology.HTTP_EVENTS, 8 * MIB, "CUSTOMER_EVENTS_ACME", 2 * MIB))
                .provision();

        assertThat(stream(Topology.HTTP_EVENTS).getMaxBytes()).isEqualTo(8 * MIB);
        assertThat(stream(Topology.HTTP_EVENTS).getDiscardPolicy())
                .as("an archive drops its oldest")
                .isEqualTo(DiscardPolicy.Old);
        assertThat(stream("CUSTOMER_EVENTS_ACME").getMaxBytes()).isEqualTo(2 * MIB);
        assertThat(stream("CUSTOMER_EVENTS_ACME").getDiscardPolicy())
                .as("partner intake refuses when full")
                .isEqualTo(DiscardPolicy.New);
        assertThat(stream(Topology.PROFILE_EVENTS).getMaxBytes())
                .as("no limit configured")
                .isEqualTo(-1);
    }

    @Test
    void anExistingStreamsLimitIsChangedAndRemoved() throws Exception {
        provisioner(Map.of(Topology.PROFILE_CHANGES, 4 * MIB)).provision();

        List<String> changes =
                provisioner(Map.of(Topology.PROFILE_CHANGES, 6 * MIB)).provision();
        assertThat(stream(Topology.PROFILE_CHANGES).getMaxBytes()).isEqualTo(6 * MIB);
        assertThat(changes)
                .singleElement()
                .asString()
                .startsWith("updated stream " + prefix + Topology.PROFILE_CHANGES);

        provisioner(Map.of()).provision();
        assertThat(stream(Topology.PROFILE_CHANGES).getMaxBytes()).isEqualTo(-1);
        assertThat(provisioner(Map.of()).provision())
                .as("nothing left to change")
                .isEmpty();
    }

    private Provisioner provisioner(Map<String, Long> maxBytes) {
        return new Provisioner(
                jsm, subject -> prefix.toLowerCase() + subject, name -> prefix + name, 1, TENANTS, maxBytes);
    }

    private StreamConfiguration stream(String contractName) throws IOException, JetStreamApiException {
        return jsm.getStreamInfo(prefix + contractName).getConfiguration();
    }
}
