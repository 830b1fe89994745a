package io.customer360.enrichment.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * Sealed values open only with the key they name and the same tenant/customer/field, and hide their plaintext; values
 * of the format before key ids open with key "initial"; the keyring refuses configurations that cannot work.
 */
class FieldCipherTest {

    private static final byte[] KEY_A = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] KEY_B = "fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] VALUE = "\"head of audio engineering\"".getBytes(StandardCharsets.UTF_8);
    private static final String CONTEXT = EnrichmentRecords.context("acme", "cust_1", "person", "jobTitle");

    private final FieldCipher cipher = cipher(Map.of("a", KEY_A), null);

    @Test
    void sealedValueOpensWithItsContextAndNamesItsKey() {
        byte[] sealed = cipher.seal(VALUE, CONTEXT);
        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("audio");
        assertThat(FieldCipher.keyIdOf(sealed)).isEqualTo("a");
        assertThat(cipher.open(sealed, CONTEXT)).isEqualTo(VALUE);
    }

    @Test
    void sealingTwiceGivesDifferentBytes() {
        assertThat(cipher.seal(VALUE, CONTEXT)).isNotEqualTo(cipher.seal(VALUE, CONTEXT));
    }

    @Test
    void valueMovedToAnotherTenantDoesNotOpen() {
        byte[] sealed = cipher.seal(VALUE, CONTEXT);
        assertThatThrownBy(
                        () -> cipher.open(sealed, EnrichmentRecords.context("globex", "cust_1", "person", "jobTitle")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("does not open");
    }

    @Test
    void tamperedValueDoesNotOpen() {
        byte[] sealed = cipher.seal(VALUE, CONTEXT);
        sealed[sealed.length - 1] ^= 1;
        assertThatThrownBy(() -> cipher.open(sealed, CONTEXT))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("does not open with key 'a'");
    }

    @Test
    void aKeyIdSwappedForAnotherKeyOfTheRingDoesNotOpen() {
        FieldCipher ring = cipher(Map.of("a", KEY_A, "b", KEY_B), "a");
        byte[] sealed = ring.seal(VALUE, CONTEXT);
        sealed[2] = 'b';
        assertThat(FieldCipher.keyIdOf(sealed)).isEqualTo("b");
        assertThatThrownBy(() -> ring.open(sealed, CONTEXT)).hasMessageContaining("does not open with key 'b'");
    }

    @Test
    void aValueOfAKeyNotInTheRingFailsNamingTheKey() {
        byte[] sealed = cipher.seal(VALUE, CONTEXT);
        FieldCipher other = cipher(Map.of("b", KEY_B), null);
        assertThatThrownBy(() -> other.open(sealed, CONTEXT))
                .isInstanceOf(FieldCipher.KeyMissing.class)
                .hasMessageContaining("needs key 'a', which is not in the keyring");
    }

    @Test
    void valuesSealedBeforeKeyIdsOpenWithTheInitialKey() throws Exception {
        byte[] legacy = sealedTheOldWay(KEY_A, VALUE, CONTEXT);
        FieldCipher rotated = cipher(Map.of(SealingKeys.INITIAL, KEY_A, "b", KEY_B), "b");
        assertThat(FieldCipher.keyIdOf(legacy)).isEqualTo(SealingKeys.INITIAL);
        assertThat(rotated.open(legacy, CONTEXT)).isEqualTo(VALUE);
        assertThat(FieldCipher.keyIdOf(rotated.seal(VALUE, CONTEXT))).isEqualTo("b");
        assertThatThrownBy(() -> cipher(Map.of("b", KEY_B), null).open(legacy, CONTEXT))
                .hasMessageContaining("needs key 'initial'");
    }

    @Test
    void garbageIsNotASealedValue() {
        assertThatThrownBy(() -> cipher.open(new byte[] {7, 1, 2}, CONTEXT)).hasMessageContaining("unknown format");
        assertThatThrownBy(() -> cipher.open(new byte[] {2, 1, 'A'}, CONTEXT)).hasMessageContaining("malformed key id");
    }

    @Test
    void theKeyringRefusesWhatCannotWork() {
        assertThatThrownBy(() -> cipher(Map.of("a", new byte[16]), null)).hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> cipher(Map.of(), null)).hasMessageContaining("No sealing key");
        assertThatThrownBy(() -> cipher(Map.of("a", KEY_A, "b", KEY_B), null))
                .hasMessageContaining("set enrichment.sealing.current-key");
        assertThatThrownBy(() -> cipher(Map.of("a", KEY_A), "c")).hasMessageContaining("names key 'c'");
        assertThatThrownBy(() -> cipher(Map.of("Key A", KEY_A), null)).hasMessageContaining("must be 1-32 of");
        // the digest key is never guessed: without "initial" it must be named
        assertThatThrownBy(() -> new SealingKeys(Map.of("a", KEY_A), Optional.empty(), Optional.empty()))
                .hasMessageContaining("has no key 'initial': set enrichment.sealing.digest-key");
    }

    @Test
    void theInitialKeyAndMoreKeysMakeOneRing() {
        String a = Base64.getEncoder().encodeToString(KEY_A);
        String b = Base64.getEncoder().encodeToString(KEY_B);
        Map<String, byte[]> ring = SealingKeys.ring(Optional.of(a), List.of("b:" + b));
        assertThat(ring).containsOnlyKeys(SealingKeys.INITIAL, "b");
        SealingKeys keys = new SealingKeys(ring, Optional.of("b"), Optional.empty());
        // identities stay digested under the initial key while there is one
        assertThat(keys.digest()).isEqualTo(SealingKeys.INITIAL);
        assertThatThrownBy(() -> SealingKeys.ring(Optional.empty(), List.of(b))).hasMessageContaining("id:base64-key");
        assertThatThrownBy(() -> SealingKeys.ring(Optional.of(a), List.of("initial:" + b)))
                .hasMessageContaining("given twice");
    }

    private static FieldCipher cipher(Map<String, byte[]> keys, String current) {
        Optional<String> digest = keys.keySet().stream().sorted().findFirst();
        return new FieldCipher(new SealingKeys(keys, Optional.ofNullable(current), digest));
    }

    /** Format 1, as the service sealed before key ids: byte 1, nonce, ciphertext with tag; the context as AAD. */
    static byte[] sealedTheOldWay(byte[] key, byte[] plaintext, String context) throws Exception {
        byte[] nonce = new byte[12];
        new java.security.SecureRandom().nextBytes(nonce);
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
        cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
        byte[] sealed = cipher.doFinal(plaintext);
        return ByteBuffer.allocate(1 + 12 + sealed.length)
                .put((byte) 1)
                .put(nonce)
                .put(sealed)
                .array();
    }
}
