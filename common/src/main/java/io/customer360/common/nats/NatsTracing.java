package io.customer360.common.nats;

import io.nats.client.Message;
import io.nats.client.impl.Headers;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import jakarta.inject.Singleton;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * W3C trace context (traceparent, tracestate) in NATS message headers, so a trace goes on across the mesh's
 * messages as it does across REST calls: every publish is a PRODUCER span whose context is written into the message's
 * headers, and every delivery is processed in a CONSUMER span that is the child of it (a partner's traceparent on
 * {@code customer.events.…} included). Spans carry the tenant and event ids ({@code c360.*}), never personal data.
 * docs/tracing.md lists the spans and attributes.
 */
@Singleton
public class NatsTracing {

    public static final AttributeKey<String> TENANT = AttributeKey.stringKey("c360.tenant");
    public static final AttributeKey<String> EVENT_ID = AttributeKey.stringKey("c360.event_id");
    public static final AttributeKey<List<String>> EVENT_IDS = AttributeKey.stringArrayKey("c360.event_ids");
    /** Event ids on one span: a batch or a view names at most this many (the first ones). */
    public static final int MAX_EVENT_IDS = 20;

    private static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("messaging.system");
    private static final AttributeKey<String> OPERATION = AttributeKey.stringKey("messaging.operation.type");
    private static final AttributeKey<String> DESTINATION = AttributeKey.stringKey("messaging.destination.name");
    private static final AttributeKey<String> CONSUMER_GROUP = AttributeKey.stringKey("messaging.consumer.group.name");
    private static final AttributeKey<String> MESSAGE_ID = AttributeKey.stringKey("messaging.message.id");
    private static final AttributeKey<Long> DELIVERY = AttributeKey.longKey("messaging.nats.delivery_count");

    /** Reads trace headers whatever their case: a partner may send {@code Traceparent}. */
    private static final TextMapGetter<Headers> GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Headers headers) {
            return headers == null ? List.of() : headers.keySet();
        }

        @Override
        public String get(Headers headers, String key) {
            if (headers == null) {
                return null;
            }
            List<String> values = headers.getIgnoreCase(key);
            return values == null || values.isEmpty() ? null : values.get(0);
        }
    };

    private static final TextMapSetter<Headers> SETTER = (headers, key, value) -> {
        if (headers != null) {
            headers.put(key, value);
        }
    };

    private final Tracer tracer;
    private final TextMapPropagator propagator;

    NatsTracing(OpenTelemetry openTelemetry) {
        this.tracer = openTelemetry.getTracer("io.customer360.nats");
        this.propagator = openTelemetry.getPropagators().getTextMapPropagator();
    }

    /**
     * The span of processing one delivered message ({@code process <kind>}), a child of the context its headers carry
     * (a new trace when they carry none). The caller makes it current while its handler runs and ends it.
     */
    Span startProcessing(Message message, String contractSubject, String consumer) {
        Context parent = propagator.extract(Context.root(), message.getHeaders(), GETTER);
        SpanBuilder builder = tracer.spanBuilder("process " + kind(contractSubject))
                .setSpanKind(SpanKind.CONSUMER)
                .setParent(parent)
                .setAttribute(SYSTEM, "nats")
                .setAttribute(OPERATION, "process")
                .setAttribute(DESTINATION, message.getSubject())
                .setAttribute(CONSUMER_GROUP, consumer);
        String messageId =
                message.getHeaders() == null ? null : message.getHeaders().getFirst("Nats-Msg-Id");
        if (messageId != null) {
            builder.setAttribute(MESSAGE_ID, messageId);
        }
        if (message.isJetStream()) {
            builder.setAttribute(DELIVERY, message.metaData().deliveredCount());
        }
        return builder.startSpan();
    }

    /**
     * Publishes in a PRODUCER span ({@code publish <kind>}) under {@code parent} (the current context when null),
     * with its trace context written into the headers handed to {@code send}; the span ends when JetStream answers.
     *
     * @param links spans of other traces this message also continues (a batch announcing several events), may be empty
     * @param attributes adds the message's {@code c360.*} attributes to the span
     */
    public <T> CompletableFuture<T> publish(
            Context parent,
            String wireSubject,
            String contractSubject,
            Headers headers,
            Collection<SpanContext> links,
            Consumer<Span> attributes,
            Function<Headers, CompletableFuture<T>> send) {
        SpanBuilder builder = tracer.spanBuilder("publish " + kind(contractSubject))
                .setSpanKind(SpanKind.PRODUCER)
                .setParent(parent == null ? Context.current() : parent)
                .setAttribute(SYSTEM, "nats")
                .setAttribute(OPERATION, "send")
                .setAttribute(DESTINATION, wireSubject);
        links.stream().filter(SpanContext::isValid).forEach(builder::addLink);
        Span span = builder.startSpan();
        attributes.accept(span);
        Headers traced = headers == null ? new Headers() : headers;
        propagator.inject(Context.root().with(span), traced, SETTER);
        CompletableFuture<T> sent;
        try {
            sent = send.apply(traced);
        } catch (RuntimeException e) {
            end(span, e);
            throw e;
        }
        return sent.whenComplete((ignored, failure) -> end(span, failure));
    }

    /** A publish under the current context, no links: the common case. */
    public <T> CompletableFuture<T> publish(
            String wireSubject,
            String contractSubject,
            Headers headers,
            Consumer<Span> attributes,
            Function<Headers, CompletableFuture<T>> send) {
        return publish(null, wireSubject, contractSubject, headers, List.of(), attributes, send);
    }

    /** Ends a span, marked as an error when the work failed. */
    public static void end(Span span, Throwable failure) {
        if (failure != null) {
            span.setStatus(StatusCode.ERROR, failure.getClass().getSimpleName());
        }
        span.end();
    }

    /** Names at most {@link #MAX_EVENT_IDS} event ids on the span (and the tenant, when known). */
    public static void eventIds(Span span, String tenant, List<String> eventIds) {
        if (tenant != null) {
            span.setAttribute(TENANT, tenant);
        }
        if (eventIds != null && !eventIds.isEmpty()) {
            span.setAttribute(
                    EVENT_IDS, eventIds.size() > MAX_EVENT_IDS ? eventIds.subList(0, MAX_EVENT_IDS) : eventIds);
        }
    }

    /**
     * A span name's part that does not grow with tenants or customers: the first two tokens of the contract subject
     * ({@code profile.changed}, {@code customer.events}; {@code tenant.{t}.customer.events.…} is {@code customer.events}).
     */
    static String kind(String contractSubject) {
        if (contractSubject == null) {
            return "unknown";
        }
        String[] tokens = contractSubject.split("\\.", 5);
        int first = tokens.length >= 4 && tokens[0].equals("tenant") ? 2 : 0;
        return tokens.length >= first + 2 ? tokens[first] + "." + tokens[first + 1] : contractSubject;
    }
}
