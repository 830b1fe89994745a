package io.customer360.enrichment.store;

import io.customer360.enrichment.config.EnrichmentConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals enrichment values with AES-256-GCM (random 96-bit nonce, 128-bit tag). The associated data binds a sealed
 * value to its tenant, customer and field, so a value copied into another row or tenant does not open.
 * Format: version byte 1, nonce, ciphertext with tag.
 */
@ApplicationScoped
public class FieldCipher {

    private static final byte VERSION = 1;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    FieldCipher(EnrichmentConfig config) {
        byte[] raw = Base64.getDecoder().decode(config.encryptionKey().strip());
        if (raw.length != 32) {
            throw new IllegalStateException("enrichment.encryption-key must be 32 bytes in base64 (AES-256)");
        }
        this.key = new SecretKeySpec(raw, "AES");
    }

    public byte[] seal(byte[] plaintext, String context) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext);
            return ByteBuffer.allocate(1 + NONCE_BYTES + sealed.length).put(VERSION).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot seal an enrichment value", e);
        }
    }

    public byte[] open(byte[] sealed, String context) {
        if (sealed.length < 1 + NONCE_BYTES || sealed[0] != VERSION) {
            throw new IllegalStateException("Not a sealed enrichment value");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 1, NONCE_BYTES));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(sealed, 1 + NONCE_BYTES, sealed.length - 1 - NONCE_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("A sealed enrichment value does not open (wrong key or moved row)", e);
        }
    }
}
