package io.customer360.bench.harness;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * A constant-rate schedule without coordinated omission: operation i is due at t0 + i/rate and its latency is
 * measured from that intended time, not from when it was actually sent, so a stall of the system under test (or of
 * the sender) shows up in every operation it delayed. Operations run asynchronously; nothing waits for one to finish
 * before sending the next. Shared by the benchmarks that drive asynchronous operations (bench/enrichment.sh).
 */
public final class ConstantRate {

    /** One kind of operation of a run, with its latencies (µs) and failures after the warm-up. */
    public static final class Measured {
        public final String name;
        public final Histogram latency = new ConcurrentHistogram(3_600_000_000L, 3);
        public long failures;
        public String firstFailure;

        public Measured(String name) {
            this.name = name;
        }

        public synchronized void failed(String why) {
            failures++;
            if (firstFailure == null) {
                firstFailure = why;
            }
        }
    }

    /** Starts operation {@code index}; completes true when it succeeded. */
    public interface Operation {
        CompletionStage<Boolean> start(long index);
    }

    private long maxSenderLagNanos;

    /**
     * Runs {@code kinds.length} interleaved operations (operation i is of kind i % kinds.length) at {@code rate}
     * operations per second in total, for warm-up plus duration, and waits for the last answers.
     */
    public void run(double rate, Duration warmup, Duration duration, Measured[] kinds, Operation operation)
            throws InterruptedException {
        double periodNanos = 1e9 / rate;
        long warmupOps = (long) (warmup.toNanos() / periodNanos);
        long total = warmupOps + (long) (duration.toNanos() / periodNanos);
        AtomicLong inFlight = new AtomicLong();
        long t0 = System.nanoTime() + 50_000_000L;
        for (long i = 0; i < total; i++) {
            long intended = t0 + (long) (i * periodNanos);
            long now;
            while ((now = System.nanoTime()) < intended) {
                LockSupport.parkNanos(intended - now);
            }
            maxSenderLagNanos = Math.max(maxSenderLagNanos, now - intended);
            boolean measured = i >= warmupOps;
            Measured kind = kinds[(int) (i % kinds.length)];
            inFlight.incrementAndGet();
            CompletionStage<Boolean> stage;
            try {
                stage = operation.start(i);
            } catch (RuntimeException e) {
                stage = java.util.concurrent.CompletableFuture.failedFuture(e);
            }
            stage.whenComplete((ok, failure) -> {
                long micros = Math.max(1, (System.nanoTime() - intended) / 1_000);
                if (measured) {
                    kind.latency.recordValue(micros);
                    if (failure != null || !Boolean.TRUE.equals(ok)) {
                        kind.failed(failure != null ? failure.toString() : "unexpected answer");
                    }
                }
                inFlight.decrementAndGet();
            });
        }
        // an overloaded service answers the backlog late: every answer counts, measured from its intended time
        while (inFlight.get() > 0) {
            Thread.sleep(10);
        }
    }

    /** The largest delay of a send behind its intended time (a sender that cannot keep the rate). */
    public double maxSenderLagMillis() {
        return maxSenderLagNanos / 1e6;
    }
}
