package io.customer360.aggregator.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * Background rescoring (rescoring.Rescoring): how often a run starts, how much one run does, when an account nobody
 * changed is due again, and how often and how far a run discovers the accounts it has never seen
 * (rescoring.AccountDiscovery). One replica runs at a time (a PostgreSQL advisory lock).
 */
@ConfigMapping(prefix = "aggregator.rescoring")
public interface RescoringConfig {

    /**
     * How often a run starts on each replica (a Quarkus duration such as {@code 15m}, or {@code off}): a changed
     * account waits at most this long plus the backlog ahead of it. Read by {@code @Scheduled}.
     */
    @WithDefault("15m")
    String every();

    /** How long after start the first scheduled run waits. */
    @WithDefault("1m")
    String firstAfter();

    /** The most accounts one run rescores; the rest stay due for the next run. */
    @WithDefault("500")
    int batchSize();

    /** Accounts rescored at the same time within a run. */
    @WithDefault("4")
    int concurrency();

    /** An account whose state was last recorded longer ago than this is due again, changed or not (the daily sweep). */
    @WithDefault("23h")
    Duration staleAfter();

    /** After a failed attempt an account waits this long, doubled per further failure, before the next. */
    @WithDefault("5m")
    Duration retryAfter();

    /** The longest wait between attempts of an account that keeps failing. */
    @WithDefault("6h")
    Duration maxRetryAfter();

    /**
     * A new account-discovery pass of a tenant (paging through profile-service's customer list, marking the customers
     * the aggregator keeps no state for) starts once the previous pass finished longer ago than this.
     */
    @WithDefault("24h")
    Duration discoverEvery();

    /** The most pages of the customer list one run reads per tenant; the pass goes on from there in the next run. */
    @WithDefault("20")
    int discoverPagesPerRun();

    /** Customers per page of the customer list (profile-service answers at most 500). */
    @WithDefault("200")
    int discoverPageSize();

    /** The PostgreSQL advisory lock key the replicas share (one run at a time across the aggregator's database). */
    @WithDefault("360360001")
    long lockKey();
}
