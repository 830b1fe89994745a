package io.customer360.ingest.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.customer360.common.api.CustomerIds;
import io.customer360.common.contract.messages.IdentityStitched;
import io.customer360.common.contract.messages.NormalizedEvent;
import io.customer360.ingest.config.IngestConfig;
import io.customer360.ingest.domain.FieldError;
import io.customer360.ingest.domain.Intake;
import io.customer360.ingest.domain.Outcome;
import io.customer360.ingest.domain.RejectReason;
import io.customer360.ingest.domain.Rejection;
import io.customer360.ingest.messaging.HttpEventRetainer;
import io.customer360.ingest.messaging.ProfileEventPublisher;
import io.customer360.ingest.store.DeadLetterStore;
import io.opentelemetry.context.Context;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The gate every event passes, whether it came over NATS or HTTP: size, tenant, JSON, contract, subject, tracking
 * plan; then either published downstream (durably, with its stable id) or dead-lettered with a reason. The returned
 * {@link Uni} completes only once one of the two is durable, so callers ack only then.
 */
@ApplicationScoped
public class IntakeService {

    private final IngestConfig config;
    private final ObjectMapper mapper;
    private final EventParser parser;
    private final PartnerEventValidator validator;
    private final TrackingPlanGate plans;
    private final ProfileEventPublisher publisher;
    private final HttpEventRetainer httpEvents;
    private final DeadLetterStore deadLetters;
    private final IntakeMetrics metrics;

    IntakeService(
            IngestConfig config,
            ObjectMapper mapper,
            TrackingPlanGate plans,
            ProfileEventPublisher publisher,
            HttpEventRetainer httpEvents,
            DeadLetterStore deadLetters,
            IntakeMetrics metrics) {
        this.config = config;
        this.mapper = mapper;
        this.parser = new EventParser(config.maxDepth());
        this.validator = new PartnerEventValidator(config.maxFutureSkew(), Clock.systemUTC());
        this.plans = plans;
        this.publisher = publisher;
        this.httpEvents = httpEvents;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
    }

    public Uni<Outcome> ingest(Intake intake) {
        // the partner's message or the HTTP request, whose trace the publish continues even after an asynchronous check
        Context trace = Context.current();
        if (intake.payload().length > config.maxEventBytes()) {
            return reject(
                    intake,
                    null,
                    Rejection.of(
                            RejectReason.TOO_LARGE,
                            "event is " + intake.payload().length + " bytes; the limit is " + config.maxEventBytes()));
        }
        if (!config.tenants().contains(intake.tenant())) {
            return reject(
                    intake,
                    null,
                    Rejection.of(RejectReason.UNKNOWN_TENANT, "tenant '" + intake.tenant() + "' is not declared"));
        }
        EventParser.Parsed parsed = parser.parse(intake.payload());
        if (parsed.rejection() != null) {
            return reject(intake, null, parsed.rejection());
        }
        JsonNode event = parsed.tree();
        List<FieldError> errors = validator.validate(event, PartnerEventValidator.mayContainNul(intake.payload()));
        if (errors.isEmpty()) {
            errors = subjectMismatches(intake, event);
        }
        if (errors.isEmpty()
                && IdentityStitched.EVENT_TYPE.equals(event.get("event_type").asText())) {
            // only ingest-service's own stitching asks profile-service to merge; no partner event may
            errors = List.of(new FieldError(
                    "event_type",
                    "'" + IdentityStitched.EVENT_TYPE + "' is reserved for identity " + "stitching",
                    RejectReason.INVALID_TYPE));
        }
        if (!errors.isEmpty()) {
            return reject(intake, event, Rejection.of(errors));
        }
        String eventType = event.get("event_type").asText();
        ObjectNode data = event.path("data").isObject() ? (ObjectNode) event.get("data") : mapper.createObjectNode();
        List<FieldError> planErrors = plans.checkCached(intake.tenant(), eventType, data);
        if (planErrors != null) {
            return planErrors.isEmpty()
                    ? forward(intake, normalize(intake, event, data), trace)
                    : reject(intake, event, Rejection.of(planErrors));
        }
        return plans.check(intake.tenant(), eventType, data)
                .flatMap(loaded -> loaded.isEmpty()
                        ? forward(intake, normalize(intake, event, data), trace)
                        : reject(intake, event, Rejection.of(loaded)));
    }

    /**
     * Dead-letters an event refused before the gate (a Segment call without an identifier, of an unknown type, or
     * claiming an anonymous id another user holds), with its original bytes, so it is stored like every rejection.
     */
    public Uni<Outcome> deadLetter(Intake intake, JsonNode event, Rejection rejection) {
        return reject(intake, event, rejection);
    }

    /** Dead-letters an event that kept failing for reasons outside it; used when the delivery limit is reached. */
    public Uni<Outcome> giveUp(Intake intake, Throwable lastFailure) {
        return reject(
                intake,
                null,
                Rejection.of(
                        RejectReason.POISON,
                        "gave up after repeated failures: "
                                + lastFailure.getClass().getSimpleName()));
    }

    /**
     * Publishes the normalized event; an event that came over HTTP is also retained raw ({@code HTTP_EVENTS}, so a
     * replay covers it), in parallel: the outcome is known only once both are stored.
     */
    private Uni<Outcome> forward(Intake intake, NormalizedEvent normalized, Context trace) {
        Uni<Boolean> published = publisher.publish(normalized, trace);
        if (intake.retainedRaw()) {
            published = Uni.combine()
                    .all()
                    .unis(
                            published,
                            httpEvents
                                    .retain(normalized, intake.payload(), trace)
                                    .replaceWith(Boolean.FALSE))
                    .with((duplicate, retained) -> duplicate);
        }
        return published
                .map(duplicate ->
                        duplicate ? Outcome.duplicate(normalized.eventId()) : Outcome.accepted(normalized.eventId()))
                .invoke(outcome -> metrics.outcome(intake, outcome.status()));
    }

    /**
     * The subject names the customer and the event type; the payload must agree (docs/architecture.md, Messages). A subject's
     * customer token that cannot be a customer id (a wildcard, say) is refused even for an email-only event.
     */
    private static List<FieldError> subjectMismatches(Intake intake, JsonNode event) {
        List<FieldError> errors = new ArrayList<>();
        if (intake.subjectCustomerId() != null && !CustomerIds.isValid(intake.subjectCustomerId())) {
            errors.add(new FieldError(
                    "subject",
                    "the subject's customer token is not a customer id (1-128 characters "
                            + "without '.', '*', '>' or white space)",
                    RejectReason.INVALID_TYPE));
            return errors;
        }
        JsonNode customerId = event.get("customer_id");
        if (intake.subjectCustomerId() != null
                && customerId != null
                && customerId.isTextual()
                && !customerId.asText().equals(intake.subjectCustomerId())) {
            errors.add(new FieldError(
                    "customer_id",
                    "'" + customerId.asText() + "' differs from the subject's '" + intake.subjectCustomerId() + "'",
                    RejectReason.SUBJECT_MISMATCH));
        }
        String eventType = event.get("event_type").asText();
        if (intake.subjectEventType() != null && !eventType.equals(intake.subjectEventType())) {
            errors.add(new FieldError(
                    "event_type",
                    "'" + eventType + "' differs from the subject's '" + intake.subjectEventType() + "'",
                    RejectReason.SUBJECT_MISMATCH));
        }
        return errors;
    }

    private Uni<Outcome> reject(Intake intake, JsonNode event, Rejection rejection) {
        String eventId = event != null && event.isObject()
                ? EventIds.stableId(intake.tenant(), event, intake.natsMsgId())
                : null;
        Log.infof(
                "Dead-lettering event from %s of tenant %s: %s",
                intake.origin(), intake.tenant(), rejection.reason().code());
        metrics.deadLettered(intake, rejection.reason());
        return deadLetters.store(intake, eventId, event, rejection).replaceWith(Outcome.rejected(eventId, rejection));
    }

    private NormalizedEvent normalize(Intake intake, JsonNode event, ObjectNode data) {
        ObjectNode metadata =
                event.path("metadata").isObject() ? (ObjectNode) event.get("metadata") : mapper.createObjectNode();
        JsonNode customerId = event.get("customer_id");
        return new NormalizedEvent(
                EventIds.stableId(intake.tenant(), event, intake.natsMsgId()),
                intake.tenant(),
                customerId != null && customerId.isTextual() ? customerId.asText() : null,
                PartnerEventValidator.email(event),
                event.get("event_type").asText(),
                EventTimestamps.instant(event.get("timestamp")),
                event.get("source_service").asText(),
                data,
                metadata,
                Summaries.summarize(data, config.summarizeThreshold()),
                plans.autoCreate(intake.tenant()),
                Instant.now());
    }
}
