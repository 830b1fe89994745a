package io.customer360.profile.service;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.customer360.common.api.ProblemException;
import io.customer360.common.contract.messages.NormalizedEvent;
import io.customer360.profile.domain.Provenance;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Changes people make through the API (profile fields, notes) become events of the catalog, applied by the same
 * writer as partner events: they land on the timeline (who changed what, and when), they merge with partner events
 * by the same last-writer-wins rule, and a merge or an erasure treats them like any other event.
 */
@ApplicationScoped
public class ProfileCommands {

    public static final String SOURCE = "profile-api";

    private final EventApplier applier;

    ProfileCommands(EventApplier applier) {
        this.applier = applier;
    }

    /**
     * Applies a {@code type} event with {@code data} to an existing customer; 404 when there is none. The entry is the
     * platform's ({@link Provenance}): {@code actor} is the token's subject, kept apart from any metadata.
     */
    public Uni<String> submit(
            String tenant, String customerId, String type, ObjectNode data, String email, String actor) {
        ObjectNode metadata = JsonNodeFactory.instance.objectNode();
        String eventId = "api_" + UUID.randomUUID();
        Instant now = Instant.now();
        // autoCreate false: an API change never creates a customer
        NormalizedEvent event = new NormalizedEvent(
                eventId, tenant, customerId, email, type, now, SOURCE, data, metadata, null, false, now);
        return applier.apply(List.of(event), Provenance.platform(actor)).map(result -> {
            if (!result.deferred().isEmpty()) {
                throw ProblemException.notFound("Customer", customerId);
            }
            return eventId;
        });
    }
}
