package io.customer360.ingest.messaging;

import io.customer360.common.nats.NatsClient;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PushSubscribeOptions;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * Reads the raw events a stream retains, in stored order: an ordered consumer of one subject filter from a start time.
 * Each event says how many more are pending, so a reader knows the end of the retained events without a wait.
 */
@ApplicationScoped
public class RetainedEvents {

    private final NatsClient nats;

    RetainedEvents(NatsClient nats) {
        this.nats = nats;
    }

    /**
     * One retained event.
     *
     * @param stream    the stream that stores it, as NATS names it
     * @param sequence  its sequence in that stream
     * @param stored    when the stream stored it
     * @param pending   how many more of the read follow it now (0: it is the last one stored)
     * @param subject   its subject, as the contract names it
     * @param messageId its {@code Nats-Msg-Id} header, or null
     * @param data      its body, empty when it has none
     */
    public record Event(
            String stream,
            long sequence,
            Instant stored,
            long pending,
            String subject,
            String messageId,
            byte[] data) {}

    /** Starts reading the events of {@code subject} (the contract's) in {@code stream} stored at or after {@code from}. */
    public Reader read(String stream, String subject, Instant from) {
        PushSubscribeOptions options = PushSubscribeOptions.builder().stream(nats.name(stream))
                .ordered(true)
                .configuration(ConsumerConfiguration.builder()
                        .deliverPolicy(DeliverPolicy.ByStartTime)
                        .startTime(from.atZone(ZoneOffset.UTC))
                        .build())
                .build();
        try {
            return new Reader(nats.jetStream().subscribe(nats.subject(subject), options));
        } catch (IOException | JetStreamApiException e) {
            throw new IllegalStateException("Cannot read the retained events", e);
        }
    }

    /** One read; close it when done. Blocking. */
    public final class Reader implements AutoCloseable {

        private final JetStreamSubscription subscription;

        private Reader(JetStreamSubscription subscription) {
            this.subscription = subscription;
        }

        /** The next event, waiting at most {@code wait} for it; null: none came. */
        public Event next(Duration wait) throws InterruptedException {
            Message message = subscription.nextMessage(wait);
            if (message == null) {
                return null;
            }
            return new Event(
                    message.metaData().getStream(),
                    message.metaData().streamSequence(),
                    message.metaData().timestamp().toInstant(),
                    message.metaData().pendingCount(),
                    nats.contractSubject(message.getSubject()),
                    message.getHeaders() == null ? null : message.getHeaders().getFirst("Nats-Msg-Id"),
                    message.getData() == null ? new byte[0] : message.getData());
        }

        /** Ends the read; a failure to end it is thrown (a RuntimeException). */
        @Override
        public void close() {
            subscription.unsubscribe();
        }
    }
}
