package io.customer360.ingest.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.customer360.common.api.Problem.Violation;
import io.customer360.ingest.config.IngestConfig;
import io.customer360.ingest.domain.Intake;
import io.customer360.ingest.domain.NormalizedEvent;
import io.customer360.ingest.domain.Outcome;
import io.customer360.ingest.domain.RejectReason;
import io.customer360.ingest.domain.Rejection;
import io.customer360.ingest.messaging.ProfileEventPublisher;
import io.customer360.ingest.store.DeadLetterStore;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The gate every event passes, whether it came over NATS or HTTP: size, tenant, JSON, contract; then either
 * published downstream (durably, with its stable id) or dead-lettered with a reason. The returned {@link Uni}
 * completes only once one of the two is durable, so callers ack only then.
 */
@ApplicationScoped
public class IntakeService {

    private final IngestConfig config;
    private final ObjectMapper mapper;
    private final ProfileEventPublisher publisher;
    private final DeadLetterStore deadLetters;

    IntakeService(IngestConfig config, ObjectMapper mapper, ProfileEventPublisher publisher, DeadLetterStore deadLetters) {
        this.config = config;
        this.mapper = mapper;
        this.publisher = publisher;
        this.deadLetters = deadLetters;
    }

    public Uni<Outcome> ingest(Intake intake) {
        if (intake.payload().length > config.maxEventBytes()) {
            return reject(intake, null, Rejection.of(RejectReason.TOO_LARGE,
                    "event is " + intake.payload().length + " bytes; the limit is " + config.maxEventBytes()));
        }
        if (!config.tenants().contains(intake.tenant())) {
            return reject(intake, null, Rejection.of(RejectReason.UNKNOWN_TENANT,
                    "tenant '" + intake.tenant() + "' is not declared"));
        }
        JsonNode event;
        try {
            event = mapper.readTree(intake.payload());
        } catch (IOException e) {
            return reject(intake, null, Rejection.of(RejectReason.INVALID_JSON, "payload is not valid JSON"));
        }
        if (event == null || event.isMissingNode()) {
            return reject(intake, null, Rejection.of(RejectReason.INVALID_JSON, "payload is empty"));
        }
        List<Violation> violations = PartnerEventValidator.validate(event);
        if (!violations.isEmpty()) {
            String detail = violations.stream().map(v -> v.field() + ": " + v.message()).collect(Collectors.joining("; "));
            return reject(intake, idOrNull(intake, event), new Rejection(RejectReason.VALIDATION_FAILED, detail, violations));
        }
        String customerId = event.path("customer_id").isTextual() ? event.get("customer_id").asText() : null;
        if (customerId != null && intake.subjectCustomerId() != null && !customerId.equals(intake.subjectCustomerId())) {
            return reject(intake, idOrNull(intake, event), new Rejection(RejectReason.SUBJECT_MISMATCH,
                    "customer_id '" + customerId + "' differs from the subject's '" + intake.subjectCustomerId() + "'",
                    List.of(new Violation("customer_id", "must equal the customer token of the subject"))));
        }
        NormalizedEvent normalized = normalize(intake, event, customerId);
        return publisher.publish(normalized)
                .map(duplicate -> duplicate ? Outcome.duplicate(normalized.eventId()) : Outcome.accepted(normalized.eventId()));
    }

    /** Dead-letters an event that kept failing; used when the delivery limit is reached. */
    public Uni<Outcome> giveUp(Intake intake, Throwable lastFailure) {
        return reject(intake, null, Rejection.of(RejectReason.MAX_DELIVERIES,
                "gave up after repeated failures: " + lastFailure.getClass().getSimpleName()));
    }

    private Uni<Outcome> reject(Intake intake, String eventId, Rejection rejection) {
        Log.infof("Dead-lettering event from %s of tenant %s: %s", intake.origin(), intake.tenant(), rejection.reason().code());
        return deadLetters.store(intake, eventId, rejection).replaceWith(Outcome.rejected(eventId, rejection));
    }

    private String idOrNull(Intake intake, JsonNode event) {
        return event.isObject() ? EventIds.stableId(intake.tenant(), event, intake.natsMsgId()) : null;
    }

    private NormalizedEvent normalize(Intake intake, JsonNode event, String customerId) {
        ObjectNode data = event.path("data").isObject() ? (ObjectNode) event.get("data") : mapper.createObjectNode();
        ObjectNode metadata = event.path("metadata").isObject() ? (ObjectNode) event.get("metadata") : mapper.createObjectNode();
        return new NormalizedEvent(
                EventIds.stableId(intake.tenant(), event, intake.natsMsgId()),
                intake.tenant(),
                customerId,
                PartnerEventValidator.email(event),
                event.get("event_type").asText(),
                Instant.ofEpochSecond(event.get("timestamp").asLong()),
                event.get("source_service").asText(),
                data,
                metadata,
                Summaries.summarize(data, config.summarizeThreshold()),
                config.autoCreateCustomer(),
                Instant.now());
    }

}
