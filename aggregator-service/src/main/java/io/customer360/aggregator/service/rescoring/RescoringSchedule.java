package io.customer360.aggregator.service.rescoring;

import io.customer360.common.config.MeshConfig;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Starts a rescoring run of every declared tenant ({@code mesh.tenants}) every {@code aggregator.rescoring.every} on
 * each replica; the replica that takes the lock runs it, the others skip.
 */
@ApplicationScoped
public class RescoringSchedule {

    private final Rescoring rescoring;
    private final MeshConfig mesh;

    RescoringSchedule(Rescoring rescoring, MeshConfig mesh) {
        this.rescoring = rescoring;
        this.mesh = mesh;
    }

    @Scheduled(
            identity = "rescoring",
            every = "${aggregator.rescoring.every}",
            delayed = "${aggregator.rescoring.first-after}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> run() {
        return rescoring.run(mesh.tenants()).replaceWithVoid();
    }
}
