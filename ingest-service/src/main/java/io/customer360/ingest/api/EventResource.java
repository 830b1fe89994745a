package io.customer360.ingest.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.customer360.common.api.ProblemException;
import io.customer360.common.api.ProblemType;
import io.customer360.common.auth.Roles;
import io.customer360.common.auth.TenantContext;
import io.customer360.ingest.config.IngestConfig;
import io.customer360.ingest.domain.Intake;
import io.customer360.ingest.domain.Outcome;
import io.customer360.ingest.service.IntakeService;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** HTTP intake: one partner event (a JSON object) or a batch (a JSON array), tenant from the token. */
@Path("/api/v1/events")
@Tag(name = "Events")
public class EventResource {

    /** A batch body may be this large (5 MiB); each event in it is still held to the per-event limit. */
    static final int MAX_BATCH_BYTES = 5 * 1024 * 1024;

    private static final int CONCURRENCY = 64;

    private final IntakeService intake;
    private final TenantContext tenant;
    private final IngestConfig config;
    private final ObjectMapper mapper;

    EventResource(IntakeService intake, TenantContext tenant, IngestConfig config, ObjectMapper mapper) {
        this.intake = intake;
        this.tenant = tenant;
        this.config = config;
        this.mapper = mapper;
    }

    /** The answer: one result per event, in input order. */
    public record IngestResults(@Schema(required = true) List<Result> results) {}

    /** What became of the event at {@code index}; {@code reason} is a dead-letter reason code when rejected. */
    public record Result(
            @Schema(required = true) int index,
            String eventId,
            @Schema(required = true) Outcome.Status status,
            String reason,
            String detail) {}

    @POST
    @RolesAllowed(Roles.EVENTS_WRITER)
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "ingestEvents",
            summary = "Ingest one event or a batch",
            description =
                    "Role: events.writer. The body is one partner event (nats-event-ingestion.md format) or a JSON "
                            + "array of at most 1,000 events and 5 MiB (413 beyond). Always 200 when the body is JSON: each event "
                            + "is accepted, a duplicate of one already accepted, or rejected and dead-lettered with a reason "
                            + "code; one bad event never fails its batch.")
    @RequestBody(description = "A partner event or an array of them")
    public Uni<IngestResults> ingest(byte[] body) {
        String tenantId = tenant.tenant();
        if (body.length > MAX_BATCH_BYTES) {
            throw new ProblemException(
                    ProblemType.PAYLOAD_TOO_LARGE,
                    "the body is " + body.length + " bytes; the limit is " + MAX_BATCH_BYTES);
        }
        List<byte[]> events = split(body, mapper.getFactory(), config.maxBatchEvents());
        String request = UUID.randomUUID().toString();
        List<Uni<Outcome>> outcomes = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            outcomes.add(intake.ingest(Intake.http(tenantId, events.get(i), "http:" + request + ":" + i)));
        }
        return Uni.join()
                .all(outcomes)
                .usingConcurrencyOf(CONCURRENCY)
                .andFailFast()
                .map(results -> new IngestResults(IntStream.range(0, results.size())
                        .mapToObj(i -> new Result(
                                i,
                                results.get(i).eventId(),
                                results.get(i).status(),
                                results.get(i).reason(),
                                results.get(i).detail()))
                        .toList()));
    }

    /**
     * The events of the body: the body itself, or each element of the array as its own original bytes. Elements are
     * only delimited here; each is parsed strictly (duplicate keys, depth) on its own, so one bad event stays one
     * rejected result.
     */
    static List<byte[]> split(byte[] body, JsonFactory json, int maxEvents) {
        List<byte[]> events = new ArrayList<>();
        try (JsonParser parser = json.createParser(body)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw ProblemException.invalid("body", "is empty");
            }
            if (first != JsonToken.START_ARRAY) {
                parser.skipChildren();
                if (parser.nextToken() != null) {
                    throw ProblemException.invalid("body", "has content after the event");
                }
                return List.of(body);
            }
            if (parser.currentTokenLocation().getByteOffset() < 0) {
                // Jackson reads UTF-16 and UTF-32 as characters, without the byte offsets the cut below needs; JSON
                // between systems is UTF-8 anyway (RFC 8259)
                throw ProblemException.invalid("body", "a batch must be UTF-8 encoded");
            }
            for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
                if (token == null) {
                    throw ProblemException.invalid("body", "the array is not closed");
                }
                int start = (int) parser.currentTokenLocation().getByteOffset();
                parser.skipChildren();
                // a string is read lazily: until it is finished, the current location is just past its opening quote
                parser.finishToken();
                events.add(Arrays.copyOfRange(
                        body, start, (int) parser.currentLocation().getByteOffset()));
                if (events.size() > maxEvents) {
                    throw new ProblemException(
                            ProblemType.PAYLOAD_TOO_LARGE, "the batch has more than " + maxEvents + " events");
                }
            }
            if (parser.nextToken() != null) {
                throw ProblemException.invalid("body", "has content after the array");
            }
        } catch (IOException e) {
            throw ProblemException.invalid("body", "is not valid JSON");
        }
        if (events.isEmpty()) {
            throw ProblemException.invalid("body", "the batch is empty");
        }
        return events;
    }
}
