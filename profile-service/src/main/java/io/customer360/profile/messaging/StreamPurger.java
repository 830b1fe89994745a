package io.customer360.profile.messaging;

import io.customer360.common.nats.NatsClient;
import io.customer360.common.nats.Topology;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.PurgeOptions;
import io.nats.client.api.PurgeResponse;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.List;

/**
 * Purges what NATS holds of a customer that profile-service published or consumed, by subject: in
 * {@code PROFILE_EVENTS} {@code profile.events.{tenant}.{token}.>} for each of its stream tokens, and in
 * {@code PROFILE_CHANGES} {@code profile.changed.{tenant}.{customer_id}}. The {@code customer.erased} tombstone is not
 * touched. Purging twice is harmless.
 */
@ApplicationScoped
public class StreamPurger {

    private final NatsClient nats;

    StreamPurger(NatsClient nats) {
        this.nats = nats;
    }

    /** Blocking: one JetStream API request per subject; answers how many messages were purged. */
    public long purgeCustomer(String tenant, String customerId, List<String> streamTokens) {
        JetStreamManagement management = nats.management();
        long purged = 0;
        try {
            for (String token : streamTokens) {
                purged += purge(management, Topology.PROFILE_EVENTS, "profile.events." + tenant + "." + token + ".>");
            }
            purged += purge(management, Topology.PROFILE_CHANGES, "profile.changed." + tenant + "." + customerId);
        } catch (IOException | JetStreamApiException e) {
            throw new IllegalStateException(
                    "Cannot purge customer " + customerId + " of tenant " + tenant + " from NATS", e);
        }
        return purged;
    }

    private long purge(JetStreamManagement management, String stream, String contractSubject)
            throws IOException, JetStreamApiException {
        PurgeResponse response =
                management.purgeStream(nats.name(stream), PurgeOptions.subject(nats.subject(contractSubject)));
        return response.getPurged();
    }
}
