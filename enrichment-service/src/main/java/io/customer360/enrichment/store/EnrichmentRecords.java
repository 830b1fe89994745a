package io.customer360.enrichment.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.customer360.enrichment.domain.EnrichmentField;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** Stored enrichment fields per tenant and customer. */
@ApplicationScoped
public class EnrichmentRecords {

    private final Pool pool;
    private final ObjectMapper mapper;

    EnrichmentRecords(Pool pool, ObjectMapper mapper) {
        this.pool = pool;
        this.mapper = mapper;
    }

    public Uni<List<EnrichmentField>> fields(String tenant, String customerId) {
        return pool.preparedQuery("""
                        SELECT data_type, field, value::text AS value, provider, confidence, retrieved_at, expires_at, cost
                        FROM enrichment_fields WHERE tenant = $1 AND customer_id = $2 ORDER BY data_type, field""")
                .execute(Tuple.of(tenant, customerId))
                .map(rows -> {
                    List<EnrichmentField> fields = new ArrayList<>();
                    rows.forEach(row -> fields.add(toField(row)));
                    return fields;
                });
    }

    /** Deletes everything stored about an erased customer; the number of fields deleted. */
    public Uni<Integer> deleteCustomer(String tenant, String customerId) {
        return pool.preparedQuery("DELETE FROM enrichment_fields WHERE tenant = $1 AND customer_id = $2")
                .execute(Tuple.of(tenant, customerId))
                .map(rows -> rows.rowCount());
    }

    private EnrichmentField toField(Row row) {
        try {
            return new EnrichmentField(row.getString("data_type"), row.getString("field"),
                    mapper.readTree(row.getString("value")), row.getString("provider"), row.getBigDecimal("confidence"),
                    row.getOffsetDateTime("retrieved_at").withOffsetSameInstant(ZoneOffset.UTC),
                    row.getOffsetDateTime("expires_at").withOffsetSameInstant(ZoneOffset.UTC), row.getBigDecimal("cost"));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored enrichment value is not JSON", e);
        }
    }
}
