package io.customer360.profile.service;

import io.customer360.common.api.CustomerIds;
import io.customer360.common.contract.messages.IdentityStitched;
import io.customer360.common.contract.messages.NormalizedEvent;
import io.customer360.common.nats.RefusedMessages.Reason;
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
 * Identity stitching asked by ingest-service's Segment intake ({@link IdentityStitched} on
 * {@code profile.events.{tenant}.{user}.identity_stitched}): merges the anonymous profile its data names into the
 * user of the subject, through the same merge as {@code POST /api/v1/customers/{id}/merge} (audited as
 * {@value #ACTOR}, undone by an unmerge). Only an anonymous profile ({@code anon-…}) is ever merged so: a stitch
 * never joins two known customers. Nothing to merge (no anonymous profile after a few deliveries, or merged already) is
 * done, not an error;
 * a user that does not exist yet is an error, so the message is redelivered until the user's own event made it.
 */
@ApplicationScoped
public class IdentityStitcher {

    /** Who the merges of stitching are recorded as. */
    public static final String ACTOR = "identity-stitching";

    private final CustomerMerges merges;
    private final CustomerQueries queries;
    private final ProfileChangedPublisher changes;

    IdentityStitcher(CustomerMerges merges, CustomerQueries queries, ProfileChangedPublisher changes) {
        this.merges = merges;
        this.queries = queries;
        this.changes = changes;
    }

    /**
     * Why a stitch may not be applied (its subject and tenant were checked already), or null: it must name its user by
     * id, and an anonymous profile other than the user.
     */
    public static Reason refusal(NormalizedEvent event) {
        String id = IdentityStitched.fromData(event.data()).anonymousCustomerId();
        if (event.customerId() == null || id == null) {
            return Reason.UNREADABLE;
        }
        return CustomerIds.isValid(id)
                        && id.startsWith(IdentityStitched.ANONYMOUS_PREFIX)
                        && !id.equals(event.customerId())
                ? null
                : Reason.INVALID_ID;
    }

    /**
     * The anonymous profile does not exist (yet): its events may still be on their way in other batches, so the stitch
     * is delivered again (no stack trace: an expected wait, not an error).
     */
    public static final class AnonymousProfilePending extends RuntimeException {
        AnonymousProfilePending(String eventId) {
            super("Stitch " + eventId + ": the anonymous profile has no events yet", null, false, false);
        }
    }

    /**
     * Applies a stitch on its {@code delivery}-th delivery: while the anonymous profile does not exist and fewer than
     * {@code waits} deliveries were made, fails with {@link AnonymousProfilePending} so it is delivered again once
     * the anonymous calls' events (sent before the stitch, applied in parallel batches) had their chance.
     */
    public Uni<Void> apply(NormalizedEvent event, long delivery, int waits) {
        String tenant = event.tenant();
        String user = event.customerId();
        String anonymous = IdentityStitched.fromData(event.data()).anonymousCustomerId();
        return queries.resolve(tenant, anonymous).flatMap(current -> {
            if (current == null) {
                if (delivery < waits) {
                    return Uni.createFrom().failure(new AnonymousProfilePending(event.eventId()));
                }
                Log.infof(
                        "Stitch %s of tenant %s: the anonymous profile has no events; nothing to merge",
                        event.eventId(), tenant);
                return Uni.createFrom().voidItem();
            }
            if (!current.equals(anonymous)) {
                // merged already: into this user (a redelivery), or by hand into someone else, which stays
                Log.infof("Stitch %s of tenant %s: the anonymous profile is merged already", event.eventId(), tenant);
                return Uni.createFrom().voidItem();
            }
            return merges.merge(tenant, user, anonymous, ACTOR + ":" + event.sourceService())
                    .call(merge -> announce(tenant, merge))
                    .invoke(merge -> Log.infof(
                            "Stitched anonymous profile %s into customer %s for tenant %s (merge %s)",
                            anonymous, user, tenant, merge.mergeId()))
                    .replaceWithVoid();
        });
    }

    /** Every section of the user may have changed, as after a merge by hand. */
    private Uni<Void> announce(String tenant, Merge merge) {
        List<String> sections =
                Arrays.stream(Section.values()).map(Section::wireName).sorted().toList();
        return queries.customer(tenant, merge.targetId())
                .map(customer -> new AppliedEvent(
                        tenant,
                        "merge:" + merge.mergeId() + ":" + merge.targetId(),
                        merge.targetId(),
                        AppliedEvent.Identity.of(customer.name(), customer.email(), customer.company()),
                        sections,
                        Instant.now(),
                        null))
                .flatMap(applied -> changes.publish(List.of(applied)))
                .onFailure()
                .invoke(failure -> Log.warnf("Merge %s is committed but not announced: %s", merge.mergeId(), failure))
                .onFailure()
                .recoverWithNull()
                .replaceWithVoid();
    }
}
