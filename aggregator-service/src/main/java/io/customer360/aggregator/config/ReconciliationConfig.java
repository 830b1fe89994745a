package io.customer360.aggregator.config;

import io.smallrye.config.ConfigMapping;
import java.util.List;
import java.util.Map;

/**
 * How the view chooses between sources that disagree (seed guardrail: reconcile conflicting signals across sources).
 * Profile-service keeps each source's value of the fields several systems report; per field, the first source of its
 * precedence list that reported a value wins; a field without a list, or whose listed sources reported nothing,
 * takes the most recent value. Sources are named as partners send {@code source_service} (compared lower-case).
 * The defaults live in application.properties and the README.
 */
@ConfigMapping(prefix = "aggregator.reconciliation")
public interface ReconciliationConfig {

    /**
     * Subscription field, as profile-service names it ({@code arr}, {@code mrr}, {@code seatsTotal}, {@code seatsUsed},
     * {@code renewalDate}, {@code contractEndDate}) → the sources in precedence order, e.g.
     * {@code aggregator.reconciliation.subscription.arr=billing-service,crm-service}.
     */
    Map<String, List<String>> subscription();

    /** Contact field ({@code role}) → the sources in precedence order. */
    Map<String, List<String>> contact();
}
