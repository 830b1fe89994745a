package io.customer360.enrichment.store;

import io.customer360.enrichment.config.EnrichmentConfig;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import javax.crypto.spec.SecretKeySpec;

/**
 * The keyring that seals enrichment values (docs/sealing-keys.md): AES-256 keys by id, the current one that seals new
 * values, and the one the identity digests' HMAC key is derived from. The single key of before
 * ({@code enrichment.encryption-key}, ENRICHMENT_ENCRYPTION_KEY) is key {@value #INITIAL}: values sealed before key
 * ids existed carry none and are opened with it. A keyring that cannot work stops the service at start, naming the
 * property to fix.
 */
@Singleton
public class SealingKeys {

    /** The id of the key of {@code enrichment.encryption-key}, and of every value sealed before key ids existed. */
    public static final String INITIAL = "initial";
    /** Key ids travel in every sealed value (one length byte) and in a column: short and plain. */
    static final Pattern KEY_ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,31}");

    private final Map<String, SecretKeySpec> keys;
    private final String current;
    private final String digest;

    @Inject
    SealingKeys(EnrichmentConfig config) {
        this(
                ring(config.encryptionKey(), config.sealing().keys().orElse(List.of())),
                config.sealing().currentKey(),
                config.sealing().digestKey());
    }

    /** The ring {@code keys} (id to 32 raw bytes); without a current key the only one, without a digest key "initial". */
    public SealingKeys(Map<String, byte[]> keys, Optional<String> current, Optional<String> digest) {
        if (keys.isEmpty()) {
            throw new IllegalStateException("No sealing key: set ENRICHMENT_ENCRYPTION_KEY (enrichment.encryption-key) "
                    + "or ENRICHMENT_SEALING_KEYS (enrichment.sealing.keys)");
        }
        Map<String, SecretKeySpec> ring = new LinkedHashMap<>();
        keys.forEach((id, raw) -> {
            if (!KEY_ID.matcher(id).matches()) {
                throw new IllegalStateException("Sealing key id '" + id + "' must be 1-32 of a-z, 0-9, '-', '_'");
            }
            if (raw.length != 32) {
                throw new IllegalStateException("Sealing key '" + id + "' must be 32 bytes in base64 (AES-256)");
            }
            ring.put(id, new SecretKeySpec(raw, "AES"));
        });
        this.keys = Map.copyOf(ring);
        this.current = chosen(current, "enrichment.sealing.current-key (ENRICHMENT_SEALING_CURRENT_KEY)", false);
        // identities were digested under the initial key before there was a keyring: it stays the digest key, and
        // without it the digest key is never guessed (another one would make every known identity look new)
        this.digest = chosen(digest, "enrichment.sealing.digest-key (ENRICHMENT_SEALING_DIGEST_KEY)", true);
    }

    /** The key that seals new values. */
    public String current() {
        return current;
    }

    /** The key the identity digests are derived from: changing it would make every known identity look new. */
    public String digest() {
        return digest;
    }

    public Set<String> ids() {
        return keys.keySet();
    }

    /** The key of this id, or null when the ring has none. */
    SecretKeySpec key(String id) {
        return keys.get(id);
    }

    private String chosen(Optional<String> configured, String property, boolean initialByDefault) {
        if (configured.isPresent()) {
            String id = configured.get().strip();
            if (!keys.containsKey(id)) {
                throw new IllegalStateException(
                        property + " names key '" + id + "', which is not in the keyring " + keys.keySet());
            }
            return id;
        }
        if (initialByDefault) {
            if (keys.containsKey(INITIAL)) {
                return INITIAL;
            }
            throw new IllegalStateException("The keyring " + keys.keySet() + " has no key 'initial': set " + property
                    + " to the key identity digests are made with (docs/sealing-keys.md)");
        }
        if (keys.size() == 1) {
            return keys.keySet().iterator().next();
        }
        throw new IllegalStateException("The keyring " + keys.keySet() + " has several keys: set " + property);
    }

    /** ENRICHMENT_ENCRYPTION_KEY as key "initial", and each "id:base64" of ENRICHMENT_SEALING_KEYS. */
    static Map<String, byte[]> ring(Optional<String> initial, List<String> more) {
        Map<String, byte[]> ring = new LinkedHashMap<>();
        initial.filter(key -> !key.isBlank()).ifPresent(key -> ring.put(INITIAL, decode(INITIAL, key)));
        for (String entry : more) {
            if (entry.isBlank()) {
                continue;
            }
            int colon = entry.indexOf(':');
            if (colon <= 0) {
                throw new IllegalStateException("enrichment.sealing.keys: each entry is id:base64-key, not '"
                        + entry.strip().replaceAll(":.*", ":…") + "'");
            }
            String id = entry.substring(0, colon).strip();
            byte[] key = decode(id, entry.substring(colon + 1));
            byte[] before = ring.putIfAbsent(id, key);
            if (before != null && !java.util.Arrays.equals(before, key)) {
                throw new IllegalStateException("Sealing key '" + id + "' is given twice with different values");
            }
        }
        return ring;
    }

    private static byte[] decode(String id, String base64) {
        try {
            return Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("Sealing key '" + id + "' is not base64", e);
        }
    }
}
