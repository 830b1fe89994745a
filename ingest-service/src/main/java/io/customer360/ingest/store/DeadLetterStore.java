package io.customer360.ingest.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.customer360.common.api.Problem.Violation;
import io.customer360.ingest.domain.DeadLetter;
import io.customer360.ingest.domain.Intake;
import io.customer360.ingest.domain.PartnerSubject;
import io.customer360.ingest.domain.Rejection;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The dead-letter table: every event that was not accepted, with its reason, the fields at fault, its subject,
 * headers and original bytes, so nothing is lost and an operator can fix and replay it. Storing is idempotent per
 * delivery: a redelivered message updates its row instead of adding one.
 */
@ApplicationScoped
public class DeadLetterStore {

    /** Payloads are kept up to NATS' own maximum message size; a larger HTTP body is kept truncated. */
    private static final int MAX_STORED_PAYLOAD = 1_048_576;

    private static final TypeReference<List<Violation>> VIOLATIONS = new TypeReference<>() {};
    private static final TypeReference<Map<String, List<String>>> HEADERS = new TypeReference<>() {};
    private static final String COLUMNS = """
            id, origin, subject, headers::text AS headers, event_id, event_type, customer_id, reason, detail,
            violations::text AS violations, payload_bytes, payload_truncated, received_at, delivery_key, tenant""";

    private final Pool pool;
    private final ObjectMapper mapper;

    DeadLetterStore(Pool pool, ObjectMapper mapper) {
        this.pool = pool;
        this.mapper = mapper;
    }

    public Uni<Void> store(Intake intake, String eventId, JsonNode event, Rejection rejection) {
        byte[] payload = intake.payload();
        boolean truncated = payload.length > MAX_STORED_PAYLOAD;
        String violations;
        String headers;
        try {
            violations = mapper.writeValueAsString(rejection.violations());
            headers = mapper.writeValueAsString(intake.headers());
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(e);
        }
        Tuple params = Tuple.tuple()
                .addValue(UUID.randomUUID())
                .addValue(intake.tenant())
                .addValue(intake.deliveryKey())
                .addValue(intake.origin())
                .addValue(intake.subject())
                .addValue(new JsonObject(headers))
                .addValue(eventId)
                .addValue(text(event, "event_type"))
                .addValue(text(event, "customer_id"))
                .addValue(rejection.reason().code())
                .addValue(rejection.detail())
                .addValue(new JsonArray(violations))
                .addValue(Buffer.buffer(truncated ? Arrays.copyOf(payload, MAX_STORED_PAYLOAD) : payload))
                .addValue(truncated);
        return pool.preparedQuery("""
                        INSERT INTO dead_letters (id, tenant, delivery_key, origin, subject, headers, event_id, event_type,
                                                  customer_id, reason, detail, violations, payload_bytes, payload_truncated)
                        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
                        ON CONFLICT (tenant, delivery_key) DO UPDATE
                            SET reason = excluded.reason, detail = excluded.detail, violations = excluded.violations""").execute(params).replaceWithVoid();
    }

    public Uni<DeadLetter> find(String tenant, UUID id) {
        return findRow(tenant, id).map(row -> row == null ? null : toDeadLetter(row));
    }

    /** The dead letter as an intake to run again, keeping its delivery key so a new rejection updates the same row. */
    public Uni<Intake> replayable(String tenant, UUID id) {
        return findRow(tenant, id).map(row -> {
            if (row == null) {
                return null;
            }
            PartnerSubject subject = PartnerSubject.parse(row.getString("subject"), tenant);
            return new Intake(
                    tenant,
                    row.getBuffer("payload_bytes").getBytes(),
                    firstHeader(row, "Nats-Msg-Id"),
                    row.getString("subject"),
                    subject.customerId(),
                    subject.eventType(),
                    headers(row),
                    row.getString("origin"),
                    row.getString("delivery_key"));
        });
    }

    public Uni<Boolean> delete(String tenant, UUID id) {
        return pool.preparedQuery("DELETE FROM dead_letters WHERE tenant = $1 AND id = $2")
                .execute(Tuple.of(tenant, id))
                .map(rows -> rows.rowCount() > 0);
    }

    /** Removes every dead letter of an erased customer. */
    public Uni<Integer> deleteCustomer(String tenant, String customerId) {
        return pool.preparedQuery("DELETE FROM dead_letters WHERE tenant = $1 AND customer_id = $2")
                .execute(Tuple.of(tenant, customerId))
                .map(rows -> rows.rowCount());
    }

    /** Filters for the dead-letter list; null means "any". */
    public record Filter(String reason, String eventType, OffsetDateTime from, OffsetDateTime to) {}

    /** Newest first; {@code after} is the last item of the previous page, or null for the first page. */
    public Uni<List<DeadLetter>> list(String tenant, Filter filter, Cursor after, int limit) {
        Tuple params = Tuple.tuple()
                .addValue(tenant)
                .addValue(filter.reason())
                .addValue(filter.eventType())
                .addValue(filter.from())
                .addValue(filter.to())
                .addValue(after == null ? null : after.receivedAt())
                .addValue(after == null ? null : after.id())
                .addValue(limit);
        return pool.preparedQuery("SELECT " + COLUMNS + """
                         FROM dead_letters
                        WHERE tenant = $1 AND ($2::text IS NULL OR reason = $2) AND ($3::text IS NULL OR event_type = $3)
                          AND ($4::timestamptz IS NULL OR received_at >= $4) AND ($5::timestamptz IS NULL OR received_at < $5)
                          AND ($6::timestamptz IS NULL OR (received_at, id) < ($6, $7::uuid))
                        ORDER BY received_at DESC, id DESC
                        LIMIT $8""").execute(params).map(rows -> {
            List<DeadLetter> items = new ArrayList<>();
            rows.forEach(row -> items.add(toDeadLetter(row)));
            return items;
        });
    }

    private Uni<Row> findRow(String tenant, UUID id) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM dead_letters WHERE tenant = $1 AND id = $2")
                .execute(Tuple.of(tenant, id))
                .map(rows -> rows.iterator().hasNext() ? rows.iterator().next() : null);
    }

    private DeadLetter toDeadLetter(Row row) {
        List<Violation> violations;
        try {
            violations = mapper.readValue(row.getString("violations"), VIOLATIONS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored violations are not a list of violations", e);
        }
        return new DeadLetter(
                row.getUUID("id"),
                row.getString("origin"),
                row.getString("subject"),
                headers(row),
                row.getString("event_id"),
                row.getString("event_type"),
                row.getString("customer_id"),
                row.getString("reason"),
                row.getString("detail"),
                violations,
                new String(row.getBuffer("payload_bytes").getBytes(), StandardCharsets.UTF_8),
                row.getBoolean("payload_truncated"),
                row.getOffsetDateTime("received_at").withOffsetSameInstant(ZoneOffset.UTC));
    }

    private Map<String, List<String>> headers(Row row) {
        try {
            return mapper.readValue(row.getString("headers"), HEADERS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored headers are not JSON", e);
        }
    }

    private String firstHeader(Row row, String name) {
        List<String> values = headers(row).get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static String text(JsonNode event, String field) {
        JsonNode value = event == null ? null : event.get(field);
        return value != null && value.isTextual() ? value.asText() : null;
    }

    /** Keyset position in the dead-letter list. */
    public record Cursor(OffsetDateTime receivedAt, UUID id) {}
}
