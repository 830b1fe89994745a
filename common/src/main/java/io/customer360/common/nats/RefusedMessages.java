package io.customer360.common.nats;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * A message a consumer will not apply: its subject does not name a valid tenant and customer, or its body names
 * another. It is acked and dropped (redelivering it would not make it true), with a log line and the counter
 * {@code c360_nats_messages_refused_total{consumer, reason}}; nothing of it is applied.
 */
@ApplicationScoped
public class RefusedMessages {

    /** Why a message was refused; the metric's {@code reason} tag. */
    public enum Reason {
        INVALID_SUBJECT("invalid_subject"),
        INVALID_ID("invalid_id"),
        TENANT_MISMATCH("tenant_mismatch"),
        UNREADABLE("unreadable");

        private final String tag;

        Reason(String tag) {
            this.tag = tag;
        }
    }

    private final MeterRegistry metrics;

    RefusedMessages(MeterRegistry metrics) {
        this.metrics = metrics;
    }

    public void refuse(String consumer, String subject, Reason reason) {
        Log.warnf("Refused a message on %s (%s): %s; nothing applied", subject, consumer, reason.tag);
        metrics.counter("c360.nats.messages.refused", "consumer", consumer, "reason", reason.tag)
                .increment();
    }
}
