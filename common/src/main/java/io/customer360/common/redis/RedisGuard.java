package io.customer360.common.redis;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Every Redis command of a service goes through here, so a Redis outage costs a request at most one short wait.
 * The reactive Redis client has no command timeout of its own ({@code quarkus.redis.timeout} bounds blocking calls
 * only): a command that does not answer within {@code timeout} fails. After a failure Redis is left alone for
 * {@code pause}: commands fail at once with {@link RedisUnavailable} instead of each waiting, and the first command
 * after the pause is the trial that finds Redis back. Callers turn every failure into their degraded path.
 * <p>
 * A plain class (common has no Redis dependency): each service produces its one instance from its own config.
 */
public class RedisGuard {

    private final Duration timeout;
    private final long pauseNanos;
    private final String whatIsDegraded;
    private volatile long pausedUntil;
    private volatile boolean down;

    /**
     * @param whatIsDegraded what works without Redis, for the log line when Redis is back, e.g. "the view cache"
     */
    public RedisGuard(Duration timeout, Duration pause, String whatIsDegraded) {
        this.timeout = timeout;
        this.pauseNanos = pause.toNanos();
        this.whatIsDegraded = whatIsDegraded;
    }

    /** Runs the command unless Redis failed within the pause; a failure or timeout starts a pause. */
    public <T> Uni<T> call(Supplier<Uni<? extends T>> command) {
        if (down && System.nanoTime() - pausedUntil < 0) {
            return Uni.createFrom().failure(new RedisUnavailable());
        }
        return Uni.createFrom()
                .<T>deferred(command)
                .ifNoItem()
                .after(timeout)
                .failWith(() -> new RedisUnavailable("Redis did not answer within " + timeout))
                .onItem()
                .invoke(this::answered)
                .onFailure()
                .invoke(this::failed);
    }

    /** False while commands are skipped after a failure. */
    public boolean available() {
        return !down || System.nanoTime() - pausedUntil >= 0;
    }

    private void answered() {
        if (down) {
            down = false;
            Log.infof("Redis answers again: %s is back in use", whatIsDegraded);
        }
    }

    private void failed(Throwable failure) {
        if (failure instanceof RedisUnavailable && down) {
            pausedUntil = System.nanoTime() + pauseNanos;
            return;
        }
        if (!down) {
            Log.warnf(
                    "Redis failed (%s): working without it, trying again every %d ms",
                    failure.toString(), pauseNanos / 1_000_000);
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
