package io.customer360.ingest.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.customer360.common.api.Problem.Violation;
import io.customer360.ingest.domain.DeadLetter;
import io.customer360.ingest.domain.Intake;
import io.customer360.ingest.domain.Rejection;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The dead-letter table: every event that was not accepted, with its reason, the fields at fault and the original
 * payload, so nothing is lost and an operator can fix and replay it. Storing is idempotent per delivery key.
 */
@ApplicationScoped
public class DeadLetterStore {

    /** Payloads are kept up to this size; a larger one is kept truncated (it was rejected for its size). */
    private static final int MAX_STORED_PAYLOAD = 262_144;
    private static final TypeReference<List<Violation>> VIOLATIONS = new TypeReference<>() {
    };
    private static final String COLUMNS =
            "id, tenant, origin, event_id, reason, detail, violations::text AS violations, payload, payload_truncated, received_at";

    private final Pool pool;
    private final ObjectMapper mapper;

    DeadLetterStore(Pool pool, ObjectMapper mapper) {
        this.pool = pool;
        this.mapper = mapper;
    }

    public Uni<Void> store(Intake intake, String eventId, Rejection rejection) {
        byte[] payload = intake.payload();
        boolean truncated = payload.length > MAX_STORED_PAYLOAD;
        // PostgreSQL text cannot hold NUL; the payload is kept readable, not byte-exact, for such input
        String text = new String(payload, 0, Math.min(payload.length, MAX_STORED_PAYLOAD), StandardCharsets.UTF_8)
                .replace('\u0000', '\uFFFD');
        String violations;
        try {
            violations = mapper.writeValueAsString(rejection.violations());
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(e);
        }
        Tuple params = Tuple.tuple()
                .addValue(UUID.randomUUID())
                .addValue(intake.tenant())
                .addValue(intake.deliveryKey())
                .addValue(intake.origin())
                .addValue(eventId)
                .addValue(rejection.reason().code())
                .addValue(rejection.detail())
                .addValue(new JsonArray(violations))
                .addValue(text)
                .addValue(truncated);
        return pool.preparedQuery("""
                        INSERT INTO dead_letters (id, tenant, delivery_key, origin, event_id, reason, detail, violations,
                                                  payload, payload_truncated)
                        VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10)
                        ON CONFLICT (delivery_key) DO NOTHING""")
                .execute(params)
                .replaceWithVoid();
    }

    public Uni<DeadLetter> find(String tenant, UUID id) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM dead_letters WHERE tenant = $1 AND id = $2")
                .execute(Tuple.of(tenant, id))
                .map(rows -> rows.iterator().hasNext() ? toDeadLetter(rows.iterator().next()) : null);
    }

    /** Newest first; {@code after} is the last item of the previous page, or null for the first page. */
    public Uni<List<DeadLetter>> list(String tenant, String reason, Cursor after, int limit) {
        Tuple params = Tuple.tuple()
                .addValue(tenant)
                .addValue(reason)
                .addValue(after == null ? null : after.receivedAt())
                .addValue(after == null ? null : after.id())
                .addValue(limit);
        return pool.preparedQuery("SELECT " + COLUMNS + """
                         FROM dead_letters
                        WHERE tenant = $1 AND ($2::text IS NULL OR reason = $2)
                          AND ($3::timestamptz IS NULL OR (received_at, id) < ($3, $4::uuid))
                        ORDER BY received_at DESC, id DESC
                        LIMIT $5""")
                .execute(params)
                .map(rows -> {
                    List<DeadLetter> items = new ArrayList<>();
                    rows.forEach(row -> items.add(toDeadLetter(row)));
                    return items;
                });
    }

    private DeadLetter toDeadLetter(Row row) {
        List<Violation> violations;
        try {
            violations = mapper.readValue(row.getString("violations"), VIOLATIONS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored violations are not a list of violations", e);
        }
        return new DeadLetter(row.getUUID("id"), row.getString("origin"), row.getString("event_id"),
                row.getString("reason"), row.getString("detail"), violations, row.getString("payload"),
                row.getBoolean("payload_truncated"), row.getOffsetDateTime("received_at").withOffsetSameInstant(ZoneOffset.UTC));
    }

    /** Keyset position in the dead-letter list. */
    public record Cursor(OffsetDateTime receivedAt, UUID id) {
    }
}
