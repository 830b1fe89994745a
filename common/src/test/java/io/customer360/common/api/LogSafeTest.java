package io.customer360.common.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogSafeTest {

    @Test
    void anEmailIsMaskedAndOtherNamesStayReadable() {
        assertThat(LogSafe.actor("jane.doe@example.com")).isEqualTo("j***@example.com");
        assertThat(LogSafe.actor("@example.com")).isEqualTo("***@example.com");
        assertThat(LogSafe.actor("service-account-c360-aggregator")).isEqualTo("service-account-c360-aggregator");
        assertThat(LogSafe.actor(null)).isNull();
    }
}
