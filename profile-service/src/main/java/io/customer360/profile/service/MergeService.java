package io.customer360.profile.service;

import io.customer360.common.api.LogSafe;
import io.customer360.profile.domain.AppliedEvent;
import io.customer360.profile.domain.catalog.Section;
import io.customer360.profile.messaging.ProfileChangedPublisher;
import io.customer360.profile.store.CustomerMerges;
import io.customer360.profile.store.CustomerMerges.Merge;
import io.customer360.profile.store.CustomerQueries;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * Merges and unmerges of two profiles of one customer: the store does the move, then every section of the customers
 * involved is announced as changed on {@code profile.changed}, so views and enrichment built from the old profiles
 * are rebuilt.
 */
@ApplicationScoped
public class MergeService {

    private final CustomerMerges merges;
    private final CustomerQueries queries;
    private final ProfileChangedPublisher changes;

    MergeService(CustomerMerges merges, CustomerQueries queries, ProfileChangedPublisher changes) {
        this.merges = merges;
        this.queries = queries;
        this.changes = changes;
    }

    public Uni<Merge> merge(String tenant, String targetId, String sourceId, String actor) {
        return merges.merge(tenant, targetId, sourceId, actor)
                .call(merge -> announce(tenant, merge, "merge:", merge.targetId()))
                .invoke(merge -> Log.infof(
                        "Merged customer %s into %s for tenant %s (merge %s, by %s)",
                        merge.sourceId(), merge.targetId(), tenant, merge.mergeId(), LogSafe.actor(merge.mergedBy())));
    }

    public Uni<Merge> unmerge(String tenant, String targetId, String mergeId, String actor) {
        return merges.unmerge(tenant, targetId, mergeId, actor)
                .call(merge -> announce(tenant, merge, "unmerge:", merge.targetId(), merge.sourceId()))
                .invoke(merge -> Log.infof(
                        "Unmerged customer %s from %s for tenant %s (merge %s, by %s)",
                        merge.sourceId(),
                        merge.targetId(),
                        tenant,
                        merge.mergeId(),
                        LogSafe.actor(merge.unmergedBy())));
    }

    public Uni<List<Merge>> history(String tenant, String customerId) {
        return merges.history(tenant, customerId);
    }

    /** Every section of the customers involved may have changed; the merge stands even when the announcement fails. */
    private Uni<Void> announce(String tenant, Merge merge, String cause, String... customerIds) {
        List<String> sections =
                Arrays.stream(Section.values()).map(Section::wireName).sorted().toList();
        return Uni.join()
                .all(Arrays.stream(customerIds)
                        .map(customerId -> queries.customer(tenant, customerId)
                                .map(customer -> new AppliedEvent(
                                        tenant,
                                        cause + merge.mergeId() + ":" + customerId,
                                        customerId,
                                        AppliedEvent.Identity.of(customer.name(), customer.email(), customer.company()),
                                        sections,
                                        Instant.now(),
                                        null)))
                        .toList())
                .andFailFast()
                .flatMap(changes::publish)
                .onFailure()
                .invoke(failure -> Log.warnf("Merge %s is committed but not announced: %s", merge.mergeId(), failure))
                .onFailure()
                .recoverWithNull()
                .replaceWithVoid();
    }
}
