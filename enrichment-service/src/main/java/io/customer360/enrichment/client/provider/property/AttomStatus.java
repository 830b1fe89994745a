package io.customer360.enrichment.client.provider.property;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.WebApplicationException;

/** ATTOM's "no property at that address": a 400 whose status says SuccessWithoutResult, taken as an empty answer. */
final class AttomStatus {

    private AttomStatus() {}

    static Uni<String> withoutResultAsEmpty(Uni<String> call) {
        return call.onFailure(WebApplicationException.class)
                .recoverWithUni(failure -> withoutResult((WebApplicationException) failure)
                        ? Uni.createFrom().item("{}")
                        : Uni.createFrom().failure(failure));
    }

    private static boolean withoutResult(WebApplicationException failure) {
        if (failure.getResponse().getStatus() != 400 || !failure.getResponse().hasEntity()) {
            return false;
        }
        String body = failure.getResponse().readEntity(String.class);
        return body != null && body.length() < 4096 && body.contains("SuccessWithoutResult");
    }
}
