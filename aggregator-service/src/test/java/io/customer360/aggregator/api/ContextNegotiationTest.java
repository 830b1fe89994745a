package io.customer360.aggregator.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.customer360.common.api.ProblemException;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The context pack's form follows ?format= and otherwise the Accept header; a form the client refuses is a 406. */
class ContextNegotiationTest {

    private static final MediaType JSON = MediaType.APPLICATION_JSON_TYPE;
    private static final MediaType MARKDOWN = MediaType.valueOf("text/markdown");
    private static final MediaType ANY = MediaType.WILDCARD_TYPE;

    @Test
    void acceptHeaderChoosesWithoutFormat() {
        assertThat(ContextNegotiation.format(null, List.of(JSON))).isEqualTo("json");
        assertThat(ContextNegotiation.format(null, List.of(MARKDOWN))).isEqualTo("markdown");
        assertThat(ContextNegotiation.format(null, List.of(JSON, MARKDOWN))).isEqualTo("json");
        assertThat(ContextNegotiation.format(null, List.of(MediaType.valueOf("application/*"))))
                .isEqualTo("json");
        assertThat(ContextNegotiation.format(null, List.of(ANY))).isEqualTo("markdown");
        assertThat(ContextNegotiation.format(null, List.of())).isEqualTo("markdown");
    }

    @Test
    void formatWinsWhenTheClientAcceptsIt() {
        assertThat(ContextNegotiation.format("json", List.of(ANY))).isEqualTo("json");
        assertThat(ContextNegotiation.format("markdown", List.of(MediaType.valueOf("text/*"))))
                .isEqualTo("markdown");
    }

    @Test
    void aFormTheClientRefusesIs406() {
        assertThatThrownBy(() -> ContextNegotiation.format("markdown", List.of(JSON)))
                .isInstanceOfSatisfying(
                        ProblemException.class,
                        e -> assertThat(e.problem().status()).isEqualTo(406));
        assertThatThrownBy(() -> ContextNegotiation.format(null, List.of(MediaType.valueOf("image/png"))))
                .isInstanceOfSatisfying(
                        ProblemException.class,
                        e -> assertThat(e.problem().status()).isEqualTo(406));
    }
}
