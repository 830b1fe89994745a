package io.customer360.profile.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.customer360.common.nats.NatsClient;
import io.customer360.profile.domain.AppliedEvent;
import io.nats.client.PublishOptions;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Announces an applied change on {@code profile.changed.{tenant}.{customer_id}} (DESIGN.md payload). */
@ApplicationScoped
public class ProfileChangedPublisher {

    private final NatsClient nats;
    private final ObjectMapper mapper;

    ProfileChangedPublisher(NatsClient nats, ObjectMapper mapper) {
        this.nats = nats;
        this.mapper = mapper;
    }

    /** The message of {@code profile.changed}. */
    @RegisterForReflection
    public record ProfileChanged(String tenant, String customerId, List<String> sections, AppliedEvent.Identity identity,
            List<String> eventIds, Instant occurredAt) {
    }

    /** One message per applied event, each stored by JetStream before this completes. */
    public Uni<Void> publish(List<AppliedEvent> applied) {
        if (applied.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Uni<Void>> acks = new ArrayList<>(applied.size());
        for (AppliedEvent event : applied) {
            acks.add(publish(event));
        }
        return Uni.join().all(acks).andFailFast().replaceWithVoid();
    }

    private Uni<Void> publish(AppliedEvent applied) {
        ProfileChanged message = new ProfileChanged(applied.tenant(), applied.customerId(), applied.sections(),
                applied.identity(), List.of(applied.eventId()), applied.occurredAt());
        byte[] body;
        try {
            body = mapper.writeValueAsBytes(message);
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(e);
        }
        String subject = nats.subject("profile.changed." + applied.tenant() + "." + applied.customerId());
        // a re-announcement after a crash is dropped by the stream's duplicate window
        PublishOptions options = PublishOptions.builder().messageId("changed:" + applied.tenant() + ":" + applied.eventId()).build();
        return Uni.createFrom().completionStage(() -> nats.jetStream().publishAsync(subject, body, options)).replaceWithVoid();
    }
}
