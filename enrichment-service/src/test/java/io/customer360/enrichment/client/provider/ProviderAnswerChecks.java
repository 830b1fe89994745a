package io.customer360.enrichment.client.provider;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.customer360.enrichment.domain.DataType;
import io.customer360.enrichment.domain.FoundField;
import io.smallrye.mutiny.Uni;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;

/**
 * The property the provider fuzz targets share: whatever a provider answers, the call ends in a {@link ProviderAnswer}
 * whose values passed {@link ProviderValues}' checks, or in a {@link ProviderCallFailed}. The provider's own mapping
 * must not throw on any JSON object either: {@link ProviderResponses#answer} would turn that into "answered something
 * unusable" and lose a partly good answer.
 */
public final class ProviderAnswerChecks {

    private static final String PROVIDER = "provider";
    private static final int MAX_BYTES = 65_536;

    private ProviderAnswerChecks() {}

    /** The first byte of {@code input} picks the provider's mapping, the rest is the response body. */
    public static void assertHandled(byte[] input, List<Function<JsonNode, ProviderAnswer>> mappings) {
        if (input.length == 0) {
            return;
        }
        assertHandled(
                new String(input, 1, input.length - 1, StandardCharsets.UTF_8),
                mappings.get(Byte.toUnsignedInt(input[0]) % mappings.size()));
    }

    private static void assertHandled(String body, Function<JsonNode, ProviderAnswer> mapping) {
        try {
            assertSafe(ProviderResponses.answer(PROVIDER, Uni.createFrom().item(body), MAX_BYTES, mapping)
                    .await()
                    .indefinitely());
        } catch (ProviderCallFailed handled) {
            assertThat(handled.retryable()).isFalse();
        }
        JsonNode parsed;
        try {
            parsed = ProviderResponses.parse(PROVIDER, body, MAX_BYTES);
        } catch (ProviderCallFailed notAnObject) {
            return;
        }
        assertSafe(mapping.apply(parsed));
    }

    private static void assertSafe(ProviderAnswer answer) {
        assertThat(answer.confidence()).isBetween(0.0, 1.0);
        for (FoundField field : answer.fields()) {
            if (field.value().isArray()) {
                field.value().forEach(ProviderAnswerChecks::assertSafeValue);
            } else {
                assertSafeValue(field.value());
            }
            if (field.dataType() == DataType.SOCIAL) {
                assertThat(field.value().asText()).startsWith("https://");
            }
        }
    }

    private static void assertSafeValue(JsonNode value) {
        if (value.isTextual()) {
            assertThat(value.asText())
                    .isNotBlank()
                    .hasSizeLessThanOrEqualTo(512)
                    .doesNotContainPattern("\\p{Cntrl}");
        } else {
            assertThat(value.isNumber() && Double.isFinite(value.asDouble()))
                    .as("a finite number: %s", value)
                    .isTrue();
        }
    }
}
