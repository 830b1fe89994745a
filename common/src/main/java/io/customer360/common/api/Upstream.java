package io.customer360.common.api;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.WebApplicationException;

/**
 * How a call to another mesh service fails. Its 404 (missing, or another tenant's) becomes null, so the caller answers
 * 404 too; any other answer, or no answer, is a 503 problem naming the service, never a missing resource.
 */
public final class Upstream {

    private Upstream() {}

    public static <T> Uni<T> nullWhenNotFound(Uni<T> call, String service) {
        return call.onFailure(WebApplicationException.class)
                .recoverWithUni(failure -> {
                    int status =
                            ((WebApplicationException) failure).getResponse().getStatus();
                    return status == 404
                            ? Uni.createFrom().nullItem()
                            : Uni.createFrom()
                                    .failure(new ProblemException(
                                            ProblemType.UPSTREAM_UNAVAILABLE, service + " answered " + status));
                })
                .onFailure(failure -> !(failure instanceof ProblemException))
                .transform(
                        failure -> new ProblemException(ProblemType.UPSTREAM_UNAVAILABLE, service + " is unreachable"));
    }
}
