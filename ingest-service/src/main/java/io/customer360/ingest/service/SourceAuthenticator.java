package io.customer360.ingest.service;

import io.customer360.ingest.config.IngestConfig;
import io.customer360.ingest.domain.SourceIdentity;
import io.customer360.ingest.store.SourceStore;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds the source of a write key: hashes it and looks the hash up, remembering the answer (known or unknown) for
 * {@code ingest.segment.key-cache-ttl}, so a batch costs no database round trip for its key. An unknown key stays
 * unknown (keys are random, never reissued), and a revocation through this replica forgets every answer at once.
 */
@ApplicationScoped
public class SourceAuthenticator {

    /** At most this many keys are remembered; beyond, the memory starts afresh (unknown keys cannot grow it unbounded). */
    private static final int MAX_REMEMBERED = 10_000;

    private final SourceStore store;
    private final Duration ttl;
    private final Map<String, Remembered> remembered = new ConcurrentHashMap<>();

    private record Remembered(Optional<SourceIdentity> source, long until) {}

    SourceAuthenticator(SourceStore store, IngestConfig config) {
        this.store = store;
        this.ttl = config.segment().keyCacheTtl();
    }

    /** The source of the {@code Authorization: Basic} header's write key, or null when there is none or it is not valid. */
    public Uni<SourceIdentity> authenticate(String authorization) {
        String writeKey = WriteKeys.fromBasicAuthorization(authorization);
        if (writeKey == null) {
            return Uni.createFrom().nullItem();
        }
        byte[] hash = WriteKeys.hash(writeKey);
        String key = HexFormat.of().formatHex(hash);
        Remembered known = remembered.get(key);
        long now = System.nanoTime();
        if (known != null && known.until() - now > 0) {
            return Uni.createFrom().item(known.source().orElse(null));
        }
        return store.findActive(hash).invoke(source -> {
            if (remembered.size() >= MAX_REMEMBERED) {
                remembered.clear();
            }
            remembered.put(key, new Remembered(Optional.ofNullable(source), System.nanoTime() + ttl.toNanos()));
        });
    }

    /** Forgets every remembered key, after a revocation through this replica. */
    public void forget() {
        remembered.clear();
    }
}
