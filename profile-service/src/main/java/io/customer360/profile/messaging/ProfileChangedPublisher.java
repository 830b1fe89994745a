package io.customer360.profile.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.customer360.common.nats.NatsClient;
import io.customer360.profile.domain.AppliedEvent;
import io.customer360.profile.domain.ProfileEvent;
import io.nats.client.PublishOptions;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
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

    public Uni<Void> publish(ProfileEvent event, AppliedEvent applied) {
        ProfileChanged message = new ProfileChanged(event.tenant(), applied.customerId(), applied.sections(),
                applied.identity(), List.of(event.eventId()), event.occurredAt());
        byte[] body;
        try {
            body = mapper.writeValueAsBytes(message);
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(e);
        }
        String subject = nats.subject("profile.changed." + event.tenant() + "." + applied.customerId());
        // one message per applied event: a redelivery that re-publishes is dropped by the stream's duplicate window
        PublishOptions options = PublishOptions.builder().messageId("changed:" + event.tenant() + ":" + event.eventId()).build();
        return Uni.createFrom().completionStage(() -> nats.jetStream().publishAsync(subject, body, options)).replaceWithVoid();
    }
}
