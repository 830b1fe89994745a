package io.customer360.enrichment.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.customer360.enrichment.config.EnrichmentConfig;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** Sealed values open only with the same key and the same tenant/customer/field, and hide their plaintext. */
class FieldCipherTest {

    private static final String KEY = Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes());
    private static final byte[] VALUE = "\"head of audio engineering\"".getBytes(StandardCharsets.UTF_8);
    private static final String CONTEXT = EnrichmentRecords.context("acme", "cust_1", "person", "jobTitle");

    private final FieldCipher cipher = new FieldCipher(config(KEY));

    @Test
    void sealedValueOpensWithItsContext() {
        byte[] sealed = cipher.seal(VALUE, CONTEXT);
        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("audio");
        assertThat(cipher.open(sealed, CONTEXT)).isEqualTo(VALUE);
    }

    @Test
    void sealingTwiceGivesDifferentBytes() {
        assertThat(cipher.seal(VALUE, CONTEXT)).isNotEqualTo(cipher.seal(VALUE, CONTEXT));
    }

    @Test
    void valueMovedToAnotherTenantDoesNotOpen() {
        byte[] sealed = cipher.seal(VALUE, CONTEXT);
        assertThatThrownBy(() -> cipher.open(sealed, EnrichmentRecords.context("globex", "cust_1", "person", "jobTitle")))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void tamperedValueDoesNotOpen() {
        byte[] sealed = cipher.seal(VALUE, CONTEXT);
        sealed[sealed.length - 1] ^= 1;
        assertThatThrownBy(() -> cipher.open(sealed, CONTEXT)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void anotherKeyDoesNotOpen() {
        FieldCipher other = new FieldCipher(config(Base64.getEncoder().encodeToString("fedcba9876543210fedcba9876543210".getBytes())));
        assertThatThrownBy(() -> other.open(cipher.seal(VALUE, CONTEXT), CONTEXT)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void keyOfWrongLengthIsRefusedAtStart() {
        assertThatThrownBy(() -> new FieldCipher(config(Base64.getEncoder().encodeToString(new byte[16]))))
                .hasMessageContaining("32 bytes");
    }

    private static EnrichmentConfig config(String key) {
        return (EnrichmentConfig) Proxy.newProxyInstance(FieldCipherTest.class.getClassLoader(),
                new Class<?>[] {EnrichmentConfig.class}, (proxy, method, args) -> {
                    if (method.getName().equals("encryptionKey")) {
                        return key;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
