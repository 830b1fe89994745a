package io.customer360.mesh;

import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.ConsumerInfo;
import java.util.ArrayList;
import java.util.List;

/**
 * Where messages wait, read as the operator: per durable consumer of every stream, how many are not yet delivered,
 * delivered and unacknowledged, and redelivered. A test that waits for events to arrive prints it, so a stall says
 * which consumer held them.
 */
final class ConsumerStates {

    private ConsumerStates() {}

    static String describe() {
        try (Connection operator = SecuredNats.connect(SecuredNats.OPERATOR)) {
            JetStreamManagement jsm = operator.jetStreamManagement();
            List<String> states = new ArrayList<>();
            for (String stream : jsm.getStreamNames()) {
                for (ConsumerInfo consumer : jsm.getConsumers(stream)) {
                    if (consumer.getNumPending() + consumer.getNumAckPending() + consumer.getRedelivered() > 0) {
                        states.add("%s/%s pending=%d ackPending=%d redelivered=%d waiting=%d"
                                .formatted(
                                        stream,
                                        consumer.getName(),
                                        consumer.getNumPending(),
                                        consumer.getNumAckPending(),
                                        consumer.getRedelivered(),
                                        consumer.getNumWaiting()));
                    }
                }
            }
            return states.isEmpty() ? "every consumer caught up" : String.join("; ", states);
        } catch (Exception e) {
            return "consumer states unavailable: " + e;
        }
    }
}
