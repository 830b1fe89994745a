package io.customer360.enrichment.store;

import io.customer360.enrichment.domain.IdentityKind;
import io.customer360.enrichment.domain.LookupSubject;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keyed digests (HMAC-SHA256) of a customer's normalized email and company, so enrichment can recognise an identity
 * it has enriched from without storing it in plaintext, and a leaked table cannot be reversed by hashing guesses.
 * The key is derived from a sealing key (the keyring's digest key, {@link SealingKeys#digest()}) rather than reusing
 * it, as one key should serve one algorithm.
 */
@ApplicationScoped
public class IdentityDigests {

    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;

    IdentityDigests(SealingKeys keys) {
        // the digest key, not the current one: a rotation must not make every known identity look new
        byte[] sealingKey = keys.key(keys.digest()).getEncoded();
        this.key = new SecretKeySpec(
                hmac(new SecretKeySpec(sealingKey, ALGORITHM), "enrichment identity digest v1"), ALGORITHM);
    }

    /** The digest of each identity value the subject has, by kind. */
    public Map<IdentityKind, String> of(LookupSubject subject) {
        Map<IdentityKind, String> digests = new EnumMap<>(IdentityKind.class);
        for (IdentityKind kind : IdentityKind.values()) {
            String value = kind.normalize(kind.of(subject));
            if (value != null) {
                digests.put(kind, HexFormat.of().formatHex(hmac(key, kind.wireName() + '\u0000' + value)));
            }
        }
        return digests;
    }

    private static byte[] hmac(SecretKeySpec key, String text) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is unavailable", e);
        }
    }
}
