package io.customer360.enrichment.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import io.customer360.common.contract.enrichment.EnrichmentField;
import io.customer360.common.testing.ProfileServiceResource;
import io.customer360.enrichment.testing.ProviderStubs;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A key rotation on the real database: values sealed with key A (and one from before key ids, under "initial"), the
 * keyring rotated to B, old and new values read, everything re-sealed in batches, A and "initial" dropped, everything
 * read again; a keyring without a key stored values still need is refused, naming it. The keys are the test profile's
 * (known to every test run, so what is left behind never stops a start); the tenant is this test's own.
 */
@QuarkusTest
@WithTestResource(ProfileServiceResource.class)
@WithTestResource(ProviderStubs.class)
class KeyRotationTest {

    private static final OffsetDateTime NOW = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);

    @Inject
    Pool pool;

    @Inject
    ObjectMapper mapper;

    @ConfigProperty(name = "enrichment.encryption-key")
    String initialKey;

    @ConfigProperty(name = "enrichment.sealing.keys")
    List<String> testKeys;

    private final String tenant = "rotation-" + UUID.randomUUID().toString().substring(0, 8);

    @AfterEach
    void forgetTheTenant() {
        pool.preparedQuery("DELETE FROM enrichment_fields WHERE tenant = $1")
                .execute(Tuple.of(tenant))
                .await()
                .indefinitely();
    }

    @Test
    void rotateReadResealDropTheOldKeyAndReadEverything() throws Exception {
        Map<String, byte[]> all = SealingKeys.ring(Optional.of(initialKey), testKeys);
        byte[] keyA = all.get("rotation-a");
        byte[] keyB = all.get("rotation-b");

        // before key ids: one value sealed the old way with the one key of then, "initial"
        byte[] legacy = FieldCipherTest.sealedTheOldWay(
                all.get(SealingKeys.INITIAL),
                "\"old title\"".getBytes(StandardCharsets.UTF_8),
                EnrichmentRecords.context(tenant, "c0", "person", "jobTitle"));
        pool.preparedQuery("""
                        INSERT INTO enrichment_fields (tenant, customer_id, data_type, field, sealed_value, provider,
                                                       confidence, retrieved_at, expires_at, cost)
                        VALUES ($1, 'c0', 'person', 'jobTitle', $2, 'clearbit', 0.8, now(), now() + interval '1 day', 0)""")
                .execute(Tuple.of(tenant, Buffer.buffer(legacy)))
                .await()
                .indefinitely();
        // sealed with A
        records(ring(Map.of(SealingKeys.INITIAL, all.get(SealingKeys.INITIAL), "rotation-a", keyA), "rotation-a"))
                .save(tenant, "c1", List.of(field("jobTitle", "title under a"), field("company", "acme under a")))
                .await()
                .indefinitely();

        // rotated to B: new values sealed with B, old ones still read
        SealingKeys rotated = ring(
                Map.of(SealingKeys.INITIAL, all.get(SealingKeys.INITIAL), "rotation-a", keyA, "rotation-b", keyB),
                "rotation-b");
        EnrichmentRecords duringRotation = records(rotated);
        duringRotation
                .save(tenant, "c2", List.of(field("jobTitle", "title under b")))
                .await()
                .indefinitely();
        assertThat(values(duringRotation, "c0")).containsExactly("old title");
        assertThat(values(duringRotation, "c1")).containsExactly("acme under a", "title under a");
        assertThat(values(duringRotation, "c2")).containsExactly("title under b");
        assertThat(keyIds())
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of(SealingKeys.INITIAL, 1L, "rotation-a", 2L, "rotation-b", 1L));

        // re-sealed in batches of one, with the progress an operator sees
        Resealer resealer = new Resealer(pool, new FieldCipher(rotated), rotated, 1);
        Resealer.Progress progress = resealer.progress(tenant).await().indefinitely();
        assertThat(progress.remaining()).isEqualTo(3);
        int batches = 0;
        while (progress.remaining() > 0) {
            progress = resealer.resealBatch(tenant).await().indefinitely();
            assertThat(progress.resealed()).isEqualTo(1);
            batches++;
        }
        assertThat(batches).isEqualTo(3);
        assertThat(progress.valuesByKey()).containsExactly(Map.entry("rotation-b", 4L));
        assertThat(resealer.resealBatch(tenant).await().indefinitely().resealed())
                .isZero();

        // A and "initial" dropped: everything still reads
        SealingKeys onlyB = ring(Map.of("rotation-b", keyB), "rotation-b");
        EnrichmentRecords afterRotation = records(onlyB);
        assertThat(values(afterRotation, "c0")).containsExactly("old title");
        assertThat(values(afterRotation, "c1")).containsExactly("acme under a", "title under a");
        assertThat(values(afterRotation, "c2")).containsExactly("title under b");
        new Resealer(pool, new FieldCipher(onlyB), onlyB, 1).check(progress);

        // a keyring without B is refused at start, naming it; a read without it fails naming it
        SealingKeys onlyA = ring(Map.of("rotation-a", keyA), "rotation-a");
        Resealer.Progress stored = progress;
        assertThatThrownBy(() -> new Resealer(pool, new FieldCipher(onlyA), onlyA, 1).check(stored))
                .hasMessageContaining("'rotation-b' (4 values)")
                .hasMessageContaining("enrichment.sealing.keys");
        assertThatThrownBy(() -> records(onlyA).fields(tenant, "c2").await().indefinitely())
                .isInstanceOf(FieldCipher.KeyMissing.class)
                .hasMessageContaining("needs key 'rotation-b'");
    }

    @Test
    void aValueWhoseKeyIdWasTamperedWithDoesNotOpen() {
        SealingKeys keys = ring(SealingKeys.ring(Optional.empty(), testKeys), "rotation-b");
        EnrichmentRecords records = records(keys);
        records.save(tenant, "c1", List.of(field("jobTitle", "title under b")))
                .await()
                .indefinitely();
        // the header names rotation-a instead of rotation-b (same length): the tag binds the header, so it fails
        pool.preparedQuery("""
                        UPDATE enrichment_fields SET sealed_value = overlay(sealed_value PLACING 'a'::bytea FROM 12 FOR 1)
                        WHERE tenant = $1""").execute(Tuple.of(tenant)).await().indefinitely();
        assertThatThrownBy(() -> records.fields(tenant, "c1").await().indefinitely())
                .hasMessageContaining("does not open with key 'rotation-a'");
    }

    private Map<String, Long> keyIds() {
        Map<String, Long> ids = new java.util.TreeMap<>();
        pool.preparedQuery("SELECT key_id, count(*) AS n FROM enrichment_fields WHERE tenant = $1 GROUP BY key_id")
                .execute(Tuple.of(tenant))
                .await()
                .indefinitely()
                .forEach(row -> ids.put(row.getString("key_id"), row.getLong("n")));
        return ids;
    }

    private List<String> values(EnrichmentRecords records, String customer) {
        return records.fields(tenant, customer).await().indefinitely().stream()
                .map(field -> field.value().asText())
                .sorted()
                .toList();
    }

    private EnrichmentRecords records(SealingKeys keys) {
        return new EnrichmentRecords(pool, mapper, new FieldCipher(keys));
    }

    private static SealingKeys ring(Map<String, byte[]> keys, String current) {
        return new SealingKeys(
                keys, Optional.of(current), Optional.of(keys.keySet().iterator().next()));
    }

    private static EnrichmentField field(String name, String value) {
        return new EnrichmentField(
                "person",
                name,
                TextNode.valueOf(value),
                "clearbit",
                new BigDecimal("0.800"),
                NOW,
                NOW.plusDays(1),
                BigDecimal.ZERO);
    }
}
