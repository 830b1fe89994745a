package io.customer360.ingest.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.customer360.ingest.config.IngestConfig;
import io.customer360.ingest.domain.IdentityStitch;
import io.customer360.ingest.domain.Intake;
import io.customer360.ingest.domain.Outcome;
import io.customer360.ingest.domain.RejectReason;
import io.customer360.ingest.domain.Rejection;
import io.customer360.ingest.domain.SourceIdentity;
import io.customer360.ingest.messaging.ProfileEventPublisher;
import io.customer360.ingest.service.SegmentMessages.Call;
import io.customer360.ingest.service.SegmentMessages.Read;
import io.customer360.ingest.store.IdentityLinkStore;
import io.customer360.ingest.store.IdentityLinkStore.Claim;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The Segment intake: reads each call ({@link SegmentMessages}), decides its customer (the user, else the user its
 * anonymous id is tied to, else the anonymous profile), ties anonymous ids to users for identify and alias (the first
 * claim holds; a second user's claim is dead-lettered with {@code identity_conflict}), and hands every call to the
 * one intake gate ({@link IntakeService}) as a partner event: tracking plans, dedup, dead letters as for any event.
 * Once a call that tied an anonymous id went through the gate, profile-service is asked to merge the anonymous profile
 * into the user ({@link IdentityStitch}).
 */
@ApplicationScoped
public class SegmentIntake {

    private static final int CONCURRENCY = 64;

    private final IntakeService intake;
    private final IdentityLinkStore links;
    private final ProfileEventPublisher publisher;
    private final ObjectMapper mapper;
    private final IngestConfig config;

    SegmentIntake(
            IntakeService intake,
            IdentityLinkStore links,
            ProfileEventPublisher publisher,
            ObjectMapper mapper,
            IngestConfig config) {
        this.intake = intake;
        this.links = links;
        this.publisher = publisher;
        this.mapper = mapper;
        this.config = config;
    }

    /** Reads one call; the caller answers 400 for a rejection of a single call. */
    public Read read(String tenant, JsonNode message, String callType, JsonNode batch, Instant receivedAt) {
        return SegmentMessages.read(tenant, message, callType, batch, receivedAt, name -> trackType(tenant, name));
    }

    /** The event type a tenant maps a track event name to, or null (then its snake_case form is used). */
    String trackType(String tenant, String name) {
        IngestConfig.Segment.Tenant own = config.segment().tenants().get(tenant);
        String mapped = own == null ? null : own.eventTypes().get(name);
        return mapped != null ? mapped : config.segment().eventTypes().get(name);
    }

    /**
     * Ingests the calls of one request (already read, in order) from {@code source}; one outcome per call, in order.
     * Completes once each is published or dead-lettered durably.
     */
    public Uni<List<Outcome>> ingest(SourceIdentity source, List<JsonNode> messages, List<Read> reads) {
        String tenant = source.tenant();
        String request = UUID.randomUUID().toString();
        return claimAll(source, reads).flatMap(claims -> {
            Set<String> anonymousOnly = new HashSet<>();
            for (Read read : reads) {
                if (read.call() != null && read.call().userId() == null) {
                    anonymousOnly.add(read.call().anonymousId());
                }
            }
            return links.usersOf(tenant, anonymousOnly).flatMap(users -> {
                List<Uni<Outcome>> outcomes = new ArrayList<>(reads.size());
                for (int i = 0; i < reads.size(); i++) {
                    outcomes.add(one(
                            source,
                            messages.get(i),
                            reads.get(i),
                            claims.get(i),
                            users,
                            "segment:" + request + ":" + i));
                }
                return outcomes.isEmpty()
                        ? Uni.createFrom().item(List.<Outcome>of())
                        : Uni.join()
                                .all(outcomes)
                                .usingConcurrencyOf(CONCURRENCY)
                                .andFailFast();
            });
        });
    }

    /** Claims anonymous ids one call after the other, in input order: within a batch the first claim holds. */
    private Uni<Map<Integer, Claim>> claimAll(SourceIdentity source, List<Read> reads) {
        List<Integer> stitching = new ArrayList<>();
        for (int i = 0; i < reads.size(); i++) {
            if (reads.get(i).call() != null && reads.get(i).call().stitchedAnonymousId() != null) {
                stitching.add(i);
            }
        }
        Map<Integer, Claim> claims = new HashMap<>();
        if (stitching.isEmpty()) {
            return Uni.createFrom().item(claims);
        }
        return Multi.createFrom()
                .iterable(stitching)
                .onItem()
                .transformToUniAndConcatenate(i -> {
                    Call call = reads.get(i).call();
                    return links.claim(
                                    source.tenant(),
                                    call.stitchedAnonymousId(),
                                    call.userId(),
                                    source.sourceId(),
                                    call.eventId())
                            .invoke(claim -> claims.put(i, claim));
                })
                .collect()
                .last()
                .replaceWith(claims);
    }

    private Uni<Outcome> one(
            SourceIdentity source,
            JsonNode message,
            Read read,
            Claim claim,
            Map<String, String> users,
            String deliveryKey) {
        Map<String, List<String>> headers =
                Map.of("C360-Source", List.of(source.sourceId().toString()));
        Call call = read.call();
        if (call == null) {
            return intake.deadLetter(
                    Intake.segment(source.tenant(), bytes(message), headers, deliveryKey),
                    shadow(message, null, null),
                    read.rejection());
        }
        if (claim != null && !claim.userId().equals(call.userId())) {
            Log.infof(
                    "Identity conflict for tenant %s: an anonymous id tied to one user is claimed by another",
                    source.tenant());
            return intake.deadLetter(
                    Intake.segment(source.tenant(), bytes(message), headers, deliveryKey),
                    shadow(message, call, call.userId()),
                    Rejection.of(
                            RejectReason.IDENTITY_CONFLICT,
                            "anonymous id '" + call.stitchedAnonymousId() + "' is tied to another user already; "
                                    + "nothing was merged"));
        }
        String customer = call.userId() != null
                ? call.userId()
                : users.getOrDefault(call.anonymousId(), IdentityStitch.anonymousCustomerId(call.anonymousId()));
        byte[] event = bytes(call.partnerEvent(customer, source.name()));
        Uni<Outcome> outcome = intake.ingest(Intake.segment(source.tenant(), event, headers, deliveryKey));
        if (claim == null) {
            return outcome;
        }
        // published on every such call, not only the first: a crash between the claim and the publish is repaired by
        // the client's retry, and a stitch already stored is a duplicate of itself (its id is the pair's)
        return outcome.call(() -> publisher
                .publish(IdentityStitch.event(
                        source.tenant(), call.stitchedAnonymousId(), call.userId(), source.name(), call.occurredAt()))
                .invoke(duplicate -> {
                    if (!duplicate) {
                        Log.infof(
                                "Stitched an anonymous profile into customer %s of tenant %s",
                                call.userId(), source.tenant());
                    }
                }));
    }

    /** What a dead letter of a refused call shows as known: its event id, type and customer where read. */
    private ObjectNode shadow(JsonNode message, Call call, String customer) {
        ObjectNode shadow = mapper.createObjectNode();
        if (call != null) {
            shadow.put("event_id", call.eventId());
            shadow.put("event_type", call.eventType());
        } else if (message != null
                && message.isObject()
                && message.path("messageId").isTextual()) {
            shadow.put("event_id", message.get("messageId").asText());
        }
        if (customer != null) {
            shadow.put("customer_id", customer);
        }
        return shadow;
    }

    private byte[] bytes(JsonNode node) {
        try {
            return mapper.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A JSON tree always serializes", e);
        }
    }
}
