package io.customer360.common.nats;

import io.nats.client.Connection;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while the NATS connection is up: without it the service can neither consume nor publish. */
@Readiness
@ApplicationScoped
public class NatsReadinessCheck implements HealthCheck {

    private final NatsClient nats;

    NatsReadinessCheck(NatsClient nats) {
        this.nats = nats;
    }

    @Override
    public HealthCheckResponse call() {
        Connection.Status status = nats.connection().getStatus();
        return HealthCheckResponse.named("nats")
                .status(status == Connection.Status.CONNECTED)
                .withData("status", status.name())
                .build();
    }
}
