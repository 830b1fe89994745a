package io.customer360.enrichment.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.customer360.common.contract.enrichment.EnrichmentField;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Stored enrichment fields per tenant and customer, values sealed by {@link FieldCipher} (key id kept beside each). */
@ApplicationScoped
public class EnrichmentRecords {

    private final Pool pool;
    private final ObjectMapper mapper;
    private final FieldCipher cipher;

    EnrichmentRecords(Pool pool, ObjectMapper mapper, FieldCipher cipher) {
        this.pool = pool;
        this.mapper = mapper;
        this.cipher = cipher;
    }

    public Uni<List<EnrichmentField>> fields(String tenant, String customerId) {
        return pool.preparedQuery("""
                        SELECT data_type, field, sealed_value, provider, confidence, retrieved_at, expires_at, cost
                        FROM enrichment_fields WHERE tenant = $1 AND customer_id = $2 ORDER BY data_type, field""").execute(Tuple.of(tenant, customerId)).map(rows -> {
            List<EnrichmentField> fields = new ArrayList<>();
            rows.forEach(row -> fields.add(toField(tenant, customerId, row)));
            return fields;
        });
    }

    /** Stores (or replaces) the given fields of a customer in one transaction. */
    public Uni<Void> save(String tenant, String customerId, List<EnrichmentField> fields) {
        if (fields.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return pool.withTransaction((SqlConnection connection) -> upsert(connection, tenant, customerId, fields));
    }

    /**
     * Stores a completed enrichment in one transaction: its fields (replacing earlier values), and the customer's
     * other stored fields of {@code dataTypes} re-checked until {@code recheckedUntil}. The providers were just asked
     * and did not answer those again, so they are as fresh as the enrichment: otherwise a field no provider returns
     * any more would stay expired and make every later request enrich (and take a quota slot) again. A re-checked
     * field keeps the time its value was retrieved.
     */
    public Uni<Void> saveEnrichment(
            String tenant,
            String customerId,
            List<EnrichmentField> fields,
            Collection<String> dataTypes,
            OffsetDateTime recheckedUntil) {
        return pool.withTransaction((SqlConnection connection) -> connection
                // one enrichment of a customer stores at a time: re-checking takes rows that a concurrent enrichment
                // of the same customer may be upserting, in another order (a deadlock otherwise)
                .preparedQuery("SELECT pg_advisory_xact_lock(hashtext($1::text || '/' || $2::text))")
                .execute(Tuple.of(tenant, customerId))
                .flatMap(locked -> upsert(connection, tenant, customerId, fields))
                .flatMap(ignored -> connection
                        .preparedQuery("""
                                UPDATE enrichment_fields SET expires_at = $3
                                WHERE tenant = $1 AND customer_id = $2 AND data_type = ANY($4) AND expires_at < $3""")
                        .execute(Tuple.of(tenant, customerId, recheckedUntil, dataTypes.toArray(String[]::new))))
                .replaceWithVoid());
    }

    private Uni<Void> upsert(SqlConnection connection, String tenant, String customerId, List<EnrichmentField> fields) {
        if (fields.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> rows = fields.stream()
                .map(field -> Tuple.tuple(List.of(
                        tenant,
                        customerId,
                        field.dataType(),
                        field.field(),
                        io.vertx.core.buffer.Buffer.buffer(seal(tenant, customerId, field)),
                        field.provider(),
                        field.confidence(),
                        field.retrievedAt(),
                        field.expiresAt(),
                        field.cost(),
                        cipher.currentKey())))
                .toList();
        return connection.preparedQuery("""
                        INSERT INTO enrichment_fields (tenant, customer_id, data_type, field, sealed_value, provider,
                                                       confidence, retrieved_at, expires_at, cost, key_id)
                        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
                        ON CONFLICT (tenant, customer_id, data_type, field) DO UPDATE SET
                            sealed_value = EXCLUDED.sealed_value, key_id = EXCLUDED.key_id, provider = EXCLUDED.provider,
                            confidence = EXCLUDED.confidence, retrieved_at = EXCLUDED.retrieved_at,
                            expires_at = EXCLUDED.expires_at, cost = EXCLUDED.cost""").executeBatch(rows).replaceWithVoid();
    }

    /**
     * Deletes everything stored about an erased customer (its fields, the identity digests they were made from and
     * its auto-enrichment claims) in one transaction; the number of fields deleted.
     */
    public Uni<Integer> deleteCustomer(String tenant, String customerId) {
        Tuple customer = Tuple.of(tenant, customerId);
        return pool.withTransaction((SqlConnection connection) -> connection
                .preparedQuery("DELETE FROM enriched_identities WHERE tenant = $1 AND customer_id = $2")
                .execute(customer)
                .flatMap(ignored -> connection
                        .preparedQuery("DELETE FROM auto_enrichment_claims WHERE tenant = $1 AND customer_id = $2")
                        .execute(customer))
                .flatMap(ignored -> connection
                        .preparedQuery("DELETE FROM enrichment_fields WHERE tenant = $1 AND customer_id = $2")
                        .execute(customer))
                .map(rows -> rows.rowCount()));
    }

    static String context(String tenant, String customerId, String dataType, String field) {
        return tenant + '\u0000' + customerId + '\u0000' + dataType + '\u0000' + field;
    }

    private byte[] seal(String tenant, String customerId, EnrichmentField field) {
        try {
            return cipher.seal(
                    mapper.writeValueAsBytes(field.value()),
                    context(tenant, customerId, field.dataType(), field.field()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Enrichment value is not serializable", e);
        }
    }

    private EnrichmentField toField(String tenant, String customerId, Row row) {
        String dataType = row.getString("data_type");
        String field = row.getString("field");
        try {
            byte[] plain =
                    cipher.open(row.getBuffer("sealed_value").getBytes(), context(tenant, customerId, dataType, field));
            return new EnrichmentField(
                    dataType,
                    field,
                    mapper.readTree(plain),
                    row.getString("provider"),
                    row.getBigDecimal("confidence"),
                    row.getOffsetDateTime("retrieved_at").withOffsetSameInstant(ZoneOffset.UTC),
                    row.getOffsetDateTime("expires_at").withOffsetSameInstant(ZoneOffset.UTC),
                    row.getBigDecimal("cost"));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Stored enrichment value is not JSON", e);
        }
    }
}
