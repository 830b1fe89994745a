package io.customer360.profile.domain;

import io.opentelemetry.context.Context;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The trace of each event being applied, by tenant and event id, from its delivery until its ack: events are applied
 * in batches, so the {@code profile.changed} that announces an event finds its trace here rather than in the thread's
 * context, and continues it (docs/tracing.md).
 */
@ApplicationScoped
public class EventTraces {

    private final Map<String, Context> inFlight = new ConcurrentHashMap<>();

    /** Remembers the event's trace until {@link #forget}. */
    public void remember(String tenant, String eventId, Context trace) {
        inFlight.put(key(tenant, eventId), trace);
    }

    public void forget(String tenant, String eventId, Context trace) {
        inFlight.remove(key(tenant, eventId), trace);
    }

    /** The trace of an event being applied, or null (an event applied through the REST API, say). */
    public Context of(String tenant, String eventId) {
        return eventId == null ? null : inFlight.get(key(tenant, eventId));
    }

    private static String key(String tenant, String eventId) {
        return tenant + "/" + eventId;
    }
}
