package io.customer360.aggregator.client;

import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.Supplier;

/**
 * Work done for no caller (background rescoring): its outbound calls to profile-service and enrichment-service carry
 * the aggregator's own token and name the tenant they act for ({@link OutboundCredentials}). The work runs on a Vert.x
 * context of its own that holds both; a caller's request never runs on it.
 */
@ApplicationScoped
public class BackgroundCalls {

    private static final String KEY = BackgroundCalls.class.getName();

    /** The tenant a background call acts for and the service token it carries. */
    public record Call(String tenant, String token) {}

    private final Vertx vertx;

    BackgroundCalls(Vertx vertx) {
        this.vertx = vertx;
    }

    /** Runs {@code work} as a background call for {@code tenant}; its result on the caller's side. */
    public <T> Uni<T> as(String tenant, String token, Supplier<Uni<T>> work) {
        Call call = new Call(tenant, token);
        return Uni.createFrom().emitter(emitter -> {
            Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
            context.putLocal(KEY, call);
            context.runOnContext(ignored -> {
                Uni<T> running;
                try {
                    running = work.get();
                } catch (RuntimeException e) {
                    emitter.fail(e);
                    return;
                }
                running.subscribe().with(emitter::complete, emitter::fail);
            });
        });
    }

    /**
     * The background call running on the current context, or null: serving a caller, or on no context or a root one
     * (a callback of a client shared by all, where a caller's request context is propagated, not kept in locals).
     */
    static Call current() {
        Context context = Vertx.currentContext();
        return context == null || !VertxContext.isDuplicatedContext(context) ? null : context.getLocal(KEY);
    }
}
