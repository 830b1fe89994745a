package io.customer360.aggregator.service.accuracy;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How often each kind of insight was right: per risk type and exit state, over the episodes first emitted in
 * [{@code from}, {@code to}), with one entry per month of first emission. {@code precision} is confirmed ÷
 * (confirmed + refuted), null while nothing is scored.
 */
@RegisterForReflection
public record AccuracyReport(long horizonDays, Instant from, Instant to, List<InsightAccuracy> insights) {

    @RegisterForReflection
    public record InsightAccuracy(String kind, String type, Tally total, List<PeriodTally> periods) {}

    @RegisterForReflection
    public record PeriodTally(String period, Tally tally) {}

    /** {@code resolved}: support insights a ticket resolution followed within the horizon (no verdict). */
    @RegisterForReflection
    public record Tally(
            long emitted, long confirmed, long refuted, long pending, long expired, long resolved, Double precision) {

        static Tally of(long emitted, long confirmed, long refuted, long pending, long expired, long resolved) {
            long scored = confirmed + refuted;
            Double precision = scored == 0 ? null : Math.round(1000.0 * confirmed / scored) / 1000.0;
            return new Tally(emitted, confirmed, refuted, pending, expired, resolved, precision);
        }

        Tally plus(Tally other) {
            return of(
                    emitted + other.emitted,
                    confirmed + other.confirmed,
                    refuted + other.refuted,
                    pending + other.pending,
                    expired + other.expired,
                    resolved + other.resolved);
        }
    }

    static AccuracyReport of(long horizonDays, Instant from, Instant to, List<InsightLog.Counts> counts) {
        Map<String, List<InsightLog.Counts>> byInsight = new LinkedHashMap<>();
        counts.forEach(c -> byInsight
                .computeIfAbsent(c.kind() + "\u0000" + c.type(), key -> new ArrayList<>())
                .add(c));
        List<InsightAccuracy> insights = new ArrayList<>();
        byInsight.values().forEach(rows -> {
            List<PeriodTally> periods = new ArrayList<>();
            Tally total = Tally.of(0, 0, 0, 0, 0, 0);
            for (InsightLog.Counts row : rows) {
                Tally tally = Tally.of(
                        row.emitted(), row.confirmed(), row.refuted(), row.pending(), row.expired(), row.resolved());
                periods.add(new PeriodTally(row.period(), tally));
                total = total.plus(tally);
            }
            insights.add(new InsightAccuracy(rows.get(0).kind(), rows.get(0).type(), total, periods));
        });
        return new AccuracyReport(horizonDays, from, to, insights);
    }
}
