package io.customer360.profile.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.customer360.common.contract.messages.ProfileChanged;
import io.customer360.common.nats.NatsClient;
import io.customer360.common.nats.NatsTracing;
import io.customer360.profile.domain.AppliedEvent;
import io.customer360.profile.domain.EventTraces;
import io.nats.client.PublishOptions;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Announces applied changes on {@code profile.changed.{tenant}.{customer_id}} as {@link ProfileChanged}
 * (docs/messages.md).
 */
@ApplicationScoped
public class ProfileChangedPublisher {

    private final NatsClient nats;
    private final ObjectMapper mapper;
    private final EventTraces traces;

    ProfileChangedPublisher(NatsClient nats, ObjectMapper mapper, EventTraces traces) {
        this.nats = nats;
        this.mapper = mapper;
        this.traces = traces;
    }

    /**
     * One message per customer of the batch, naming every event applied to it and every section they changed; each
     * stored by JetStream before this completes. The message id is derived from the customer and its event ids, so a
     * batch announced again after a crash is dropped by the stream's duplicate window.
     */
    public Uni<Void> publish(List<AppliedEvent> applied) {
        if (applied.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Map<String, List<AppliedEvent>> byCustomer = new LinkedHashMap<>();
        applied.forEach(event -> byCustomer
                .computeIfAbsent(event.tenant() + "." + event.customerId(), k -> new ArrayList<>())
                .add(event));
        List<Uni<Void>> acks = new ArrayList<>(byCustomer.size());
        byCustomer.values().forEach(events -> acks.add(publishFor(events)));
        return Uni.join().all(acks).andFailFast().replaceWithVoid();
    }

    private Uni<Void> publishFor(List<AppliedEvent> events) {
        AppliedEvent first = events.get(0);
        List<String> eventIds =
                events.stream().map(AppliedEvent::eventId).sorted().distinct().toList();
        List<String> sections = events.stream()
                .flatMap(event -> event.sections().stream())
                .distinct()
                .sorted()
                .toList();
        Instant occurredAt = events.stream()
                .map(AppliedEvent::occurredAt)
                .max(Instant::compareTo)
                .orElseThrow();
        Map<String, ProfileChanged.Change> changes = new TreeMap<>(); // one per event id, in the order of eventIds
        events.stream()
                .filter(event -> event.change() != null)
                .forEach(event -> changes.putIfAbsent(
                        event.eventId(),
                        new ProfileChanged.Change(
                                event.eventId(),
                                event.change().eventType(),
                                event.occurredAt(),
                                event.change().sourceService(),
                                records(event.change().records()),
                                event.change().priority())));
        // the identity after the batch: every event of the batch saw the same committed customer
        ProfileChanged message = new ProfileChanged(
                first.tenant(),
                first.customerId(),
                sections,
                identity(first.identity()),
                eventIds,
                occurredAt,
                List.copyOf(changes.values()));
        byte[] body;
        try {
            body = mapper.writeValueAsBytes(message);
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(e);
        }
        String contractSubject = "profile.changed." + first.tenant() + "." + first.customerId();
        String subject = nats.subject(contractSubject);
        PublishOptions options = PublishOptions.builder()
                .messageId(messageId(first.tenant(), first.customerId(), eventIds))
                .build();
        // the message continues the trace of its first event and links the others' (several events of a customer in
        // one batch); a change made through the REST API has none of them and continues the request's
        List<Context> eventTraces = events.stream()
                .map(event -> traces.of(event.tenant(), event.eventId()))
                .filter(Objects::nonNull)
                .distinct()
                .toList();
        Context parent = eventTraces.isEmpty() ? null : eventTraces.get(0);
        List<SpanContext> links = eventTraces.stream()
                .skip(1)
                .map(trace -> Span.fromContext(trace).getSpanContext())
                .toList();
        return Uni.createFrom()
                .completionStage(() -> nats.tracing()
                        .publish(
                                parent,
                                subject,
                                contractSubject,
                                null,
                                links,
                                span -> NatsTracing.eventIds(span, first.tenant(), eventIds),
                                headers -> nats.jetStream().publishAsync(subject, headers, body, options)))
                .replaceWithVoid();
    }

    private static ProfileChanged.Identity identity(AppliedEvent.Identity identity) {
        return identity == null
                ? null
                : new ProfileChanged.Identity(identity.name(), identity.email(), identity.company(), identity.domain());
    }

    private static List<ProfileChanged.RecordRef> records(List<AppliedEvent.RecordRef> records) {
        return records == null
                ? List.of()
                : records.stream()
                        .map(record -> new ProfileChanged.RecordRef(record.kind(), record.id()))
                        .toList();
    }

    static String messageId(String tenant, String customerId, List<String> eventIds) {
        if (eventIds.size() == 1) {
            return "changed:" + tenant + ":" + eventIds.get(0);
        }
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            eventIds.forEach(id -> digest.update((id + "\n").getBytes(StandardCharsets.UTF_8)));
            return "changed:" + tenant + ":" + customerId + ":" + HexFormat.of().formatHex(digest.digest(), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
