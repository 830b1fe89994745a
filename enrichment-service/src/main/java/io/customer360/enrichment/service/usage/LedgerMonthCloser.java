package io.customer360.enrichment.service.usage;

import io.customer360.enrichment.config.EnrichmentConfig;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Closes each tenant's ledger months {@code enrichment.ledger.close-after-days} after they end. Every replica runs it;
 * a close is one idempotent insert under the tenant's counter lock, so replicas racing to close a month close it once
 * and never while a line is being written into it.
 */
@ApplicationScoped
public class LedgerMonthCloser {

    static final String SCHEDULE = "schedule";

    private final UsageLedger ledger;
    private final int closeAfterDays;

    LedgerMonthCloser(UsageLedger ledger, EnrichmentConfig config) {
        this.ledger = ledger;
        this.closeAfterDays = config.ledger().closeAfterDays();
    }

    @Scheduled(
            every = "${enrichment.ledger.close-check-interval:15m}",
            delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return closeDue(Instant.now()).replaceWithVoid().onFailure().recoverWithItem(failure -> {
            Log.warnf("Ledger months not closed, next check later: %s", failure.toString());
            return null;
        });
    }

    /** The last month whose closing time has come at {@code now}. */
    public YearMonth lastDue(Instant now) {
        YearMonth month = YearMonth.from(now.atOffset(ZoneOffset.UTC));
        while (closesAt(month).isAfter(now)) {
            month = month.minusMonths(1);
        }
        return month;
    }

    /** When a month closes by itself: {@code close-after-days} after its end (UTC). */
    public Instant closesAt(YearMonth month) {
        return month.plusMonths(1)
                .atDay(1)
                .atStartOfDay()
                .plusDays(closeAfterDays)
                .toInstant(ZoneOffset.UTC);
    }

    /** Closes every open month due at {@code now}; the months this call closed. */
    public Uni<List<UsageLedger.TenantMonth>> closeDue(Instant now) {
        return ledger.openMonthsUpTo(lastDue(now))
                .onItem()
                .transformToMulti(due -> Multi.createFrom().iterable(due))
                .onItem()
                .transformToUniAndConcatenate(due -> ledger.close(due.tenant(), due.month(), SCHEDULE)
                        .map(closed -> closed ? List.of(due) : List.<UsageLedger.TenantMonth>of()))
                .onItem()
                .<UsageLedger.TenantMonth>disjoint()
                .collect()
                .asList()
                .invoke(closed -> closed.forEach(
                        due -> Log.infof("Ledger month %s of tenant %s closed", due.month(), due.tenant())));
    }
}
