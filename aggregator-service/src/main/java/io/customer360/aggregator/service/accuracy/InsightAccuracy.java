package io.customer360.aggregator.service.accuracy;

import io.customer360.aggregator.config.AccuracyConfig;
import io.customer360.aggregator.domain.Customer360;
import io.customer360.aggregator.domain.insight.Risk;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Records the insights a complete view emitted, and reports how often each kind was right. */
@ApplicationScoped
public class InsightAccuracy {

    private final InsightLog log;
    private final AccuracyConfig config;

    InsightAccuracy(InsightLog log, AccuracyConfig config) {
        this.log = log;
        this.config = config;
    }

    /** The view's risk types and exit state, each an episode of its own. */
    public Uni<Void> emitted(String tenant, Customer360 view, Instant at) {
        List<InsightLog.Emitted> insights = new ArrayList<>();
        view.riskIndicators().stream()
                .map(Risk::type)
                .distinct()
                .forEach(type -> insights.add(new InsightLog.Emitted(Verdicts.RISK, type)));
        if (view.exitState() != null) {
            insights.add(new InsightLog.Emitted(Verdicts.EXIT_STATE, view.exitState()));
        }
        return log.emitted(tenant, view.accountId(), insights, at);
    }

    public Uni<AccuracyReport> report(String tenant, Instant from, Instant to) {
        return log.counts(tenant, from, to, config.horizon())
                .map(counts -> AccuracyReport.of(config.horizon().toDays(), from, to, counts));
    }
}
