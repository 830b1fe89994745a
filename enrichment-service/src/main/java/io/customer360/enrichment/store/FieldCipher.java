package io.customer360.enrichment.store;

import jakarta.enterprise.context.ApplicationScoped;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals enrichment values with AES-256-GCM (random 96-bit nonce, 128-bit tag) under the keyring's current key
 * ({@link SealingKeys}). The associated data binds a sealed value to its tenant, customer and field, so a value
 * copied into another row or tenant does not open, and to its header, so its key id cannot be swapped.
 * <p>
 * Format 2: byte 2, key id length, key id (ASCII), nonce, ciphertext with tag. Format 1 (before key ids): byte 1,
 * nonce, ciphertext with tag, opened with key {@value SealingKeys#INITIAL}.
 */
@ApplicationScoped
public class FieldCipher {

    private static final byte LEGACY = 1;
    private static final byte VERSION = 2;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SealingKeys keys;
    private final SecureRandom random = new SecureRandom();

    public FieldCipher(SealingKeys keys) {
        this.keys = keys;
    }

    /** The key that seals new values. */
    public String currentKey() {
        return keys.current();
    }

    public byte[] seal(byte[] plaintext, String context) {
        String id = keys.current();
        byte[] idBytes = id.getBytes(StandardCharsets.US_ASCII);
        byte[] header = ByteBuffer.allocate(2 + idBytes.length)
                .put(VERSION)
                .put((byte) idBytes.length)
                .put(idBytes)
                .array();
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, keys.key(id), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(header);
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext);
            return ByteBuffer.allocate(header.length + NONCE_BYTES + sealed.length)
                    .put(header)
                    .put(nonce)
                    .put(sealed)
                    .array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot seal an enrichment value", e);
        }
    }

    public byte[] open(byte[] sealed, String context) {
        String id = keyIdOf(sealed);
        SecretKeySpec key = keys.key(id);
        if (key == null) {
            throw new KeyMissing(id);
        }
        int headerLength = sealed[0] == LEGACY ? 1 : 2 + sealed[1];
        if (sealed.length < headerLength + NONCE_BYTES) {
            throw new IllegalStateException("Not a sealed enrichment value (too short)");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, headerLength, NONCE_BYTES));
            if (sealed[0] == VERSION) {
                cipher.updateAAD(sealed, 0, headerLength);
            }
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            int start = headerLength + NONCE_BYTES;
            return cipher.doFinal(sealed, start, sealed.length - start);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(
                    "A sealed enrichment value does not open with key '" + id + "' (tampered, or moved to another row)",
                    e);
        }
    }

    /** The id of the key a value was sealed with ({@value SealingKeys#INITIAL} for format 1). */
    public static String keyIdOf(byte[] sealed) {
        if (sealed.length > 0 && sealed[0] == LEGACY) {
            return SealingKeys.INITIAL;
        }
        if (sealed.length < 2 || sealed[0] != VERSION || sealed[1] < 1 || sealed.length < 2 + sealed[1]) {
            throw new IllegalStateException("Not a sealed enrichment value (unknown format)");
        }
        String id = new String(sealed, 2, sealed[1], StandardCharsets.US_ASCII);
        if (!SealingKeys.KEY_ID.matcher(id).matches()) {
            throw new IllegalStateException("Not a sealed enrichment value (malformed key id)");
        }
        return id;
    }

    /** A value sealed with a key the keyring no longer has. */
    public static final class KeyMissing extends IllegalStateException {
        KeyMissing(String id) {
            super("A sealed enrichment value needs key '" + id + "', which is not in the keyring: put it back "
                    + "(enrichment.sealing.keys) until the re-sealing job has moved its values to the current key");
        }
    }
}
