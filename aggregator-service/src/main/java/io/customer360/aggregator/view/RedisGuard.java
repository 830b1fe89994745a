package io.customer360.aggregator.view;

import io.customer360.aggregator.config.AggregatorConfig;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Every Redis command of this service goes through here, so a Redis outage costs a request at most one short wait.
 * The reactive Redis client has no command timeout of its own ({@code quarkus.redis.timeout} bounds blocking calls
 * only): a command that does not answer within {@code timeout} fails. After a failure Redis is left alone for
 * {@code pause}: commands fail at once with {@link RedisUnavailable} instead of each waiting, and the first command
 * after the pause is the trial that finds Redis back. Callers turn every failure into their degraded path.
 */
@Singleton
public class RedisGuard {

    private final Duration timeout;
    private final long pauseNanos;
    private volatile long pausedUntil;
    private volatile boolean down;

    @Inject
    RedisGuard(AggregatorConfig config) {
        this(config.cache().redisTimeout(), config.cache().redisPause());
    }

    RedisGuard(Duration timeout, Duration pause) {
        this.timeout = timeout;
        this.pauseNanos = pause.toNanos();
    }

    /** Runs the command unless Redis failed within the pause; a failure or timeout starts a pause. */
    public <T> Uni<T> call(Supplier<Uni<? extends T>> command) {
        if (down && System.nanoTime() - pausedUntil < 0) {
            return Uni.createFrom().failure(new RedisUnavailable());
        }
        return Uni.createFrom().<T>deferred(command)
                .ifNoItem().after(timeout).failWith(() -> new RedisUnavailable("Redis did not answer within " + timeout))
                .onItem().invoke(this::answered)
                .onFailure().invoke(this::failed);
    }

    /** False while commands are skipped after a failure. */
    public boolean available() {
        return !down || System.nanoTime() - pausedUntil >= 0;
    }

    private void answered() {
        if (down) {
            down = false;
            Log.info("Redis answers again: the view cache is back in use");
        }
    }

    private void failed(Throwable failure) {
        if (failure instanceof RedisUnavailable && down) {
            pausedUntil = System.nanoTime() + pauseNanos;
            return;
        }
        if (!down) {
            Log.warnf("Redis failed (%s): working without it, trying again every %d ms", failure.toString(),
                    pauseNanos / 1_000_000);
        }
        pausedUntil = System.nanoTime() + pauseNanos;
        down = true;
    }

    /** Redis is skipped after a recent failure, or did not answer in time. */
    public static final class RedisUnavailable extends RuntimeException {
        RedisUnavailable() {
            this("Redis is skipped after a recent failure");
        }

        RedisUnavailable(String message) {
            super(message, null, false, false);
        }
    }
}
