package io.customer360.enrichment.service;

import io.customer360.common.contract.enrichment.CustomerEnrichment;
import io.customer360.enrichment.config.EnrichmentConfig;
import io.customer360.enrichment.domain.IdentityGain;
import io.customer360.enrichment.domain.IdentityKind;
import io.customer360.enrichment.domain.LookupSubject;
import io.customer360.enrichment.service.quota.QuotaExceeded;
import io.customer360.enrichment.store.AutoEnrichmentClaims;
import io.customer360.enrichment.store.EnrichedIdentities;
import io.customer360.enrichment.store.IdentityDigests;
import io.customer360.enrichment.store.TenantTiers;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * Enriches a customer on its own when a profile change gives it an email or company its stored enrichment was not
 * made from, for tenants that switched auto-enrichment on. It goes through {@link EnrichmentService} like a trigger
 * by an editor (quota, tier, charging), with the identity the change carries, so no call to profile-service and no
 * token is needed. Each cause (customer and gained identity) is claimed first, so it is enriched once however often
 * the change is delivered.
 */
@ApplicationScoped
public class AutoEnrichment {

    /** Longer than any waterfall (each data type's budget) plus storing: a live holder is never overtaken. */
    static final Duration CLAIM_LEASE = Duration.ofMinutes(2);

    /** What a profile change led to. */
    public enum Outcome {
        SWITCHED_OFF,
        TENANT_OPTED_OUT,
        NOTHING_GAINED,
        ALREADY_HANDLED,
        ENRICHED,
        NO_DATA,
        QUOTA_SPENT
    }

    private final EnrichmentService enrichment;
    private final TenantTiers tiers;
    private final IdentityDigests digests;
    private final EnrichedIdentities identities;
    private final AutoEnrichmentClaims claims;
    private final EnrichmentConfig config;

    AutoEnrichment(
            EnrichmentService enrichment,
            TenantTiers tiers,
            IdentityDigests digests,
            EnrichedIdentities identities,
            AutoEnrichmentClaims claims,
            EnrichmentConfig config) {
        this.enrichment = enrichment;
        this.tiers = tiers;
        this.digests = digests;
        this.identities = identities;
        this.claims = claims;
        this.config = config;
    }

    /**
     * Handles one change of a customer's identity. Fails with {@link CauseHeldElsewhere} while another consumer is
     * enriching for the same cause, so the message comes back later and finds it settled.
     */
    public Uni<Outcome> onProfileChanged(String tenant, String customerId, LookupSubject identity) {
        if (!config.enabled()) {
            return Uni.createFrom().item(Outcome.SWITCHED_OFF);
        }
        Map<IdentityKind, String> current = digests.of(identity);
        return tiers.autoEnrich(tenant)
                .flatMap(on -> !on
                        ? Uni.createFrom().item(Outcome.TENANT_OPTED_OUT)
                        : identities.known(tenant, customerId).flatMap(known -> {
                            Set<IdentityKind> gained = IdentityGain.gained(current, known);
                            if (gained.isEmpty()) {
                                return Uni.createFrom().item(Outcome.NOTHING_GAINED);
                            }
                            String cause = IdentityKind.EMAIL.wireName()
                                    + ':'
                                    + current.get(IdentityKind.EMAIL)
                                    + ' '
                                    + IdentityKind.COMPANY.wireName()
                                    + ':'
                                    + current.get(IdentityKind.COMPANY);
                            return claims.claim(tenant, customerId, cause, CLAIM_LEASE)
                                    .flatMap(claim -> switch (claim) {
                                        case DONE -> Uni.createFrom().item(Outcome.ALREADY_HANDLED);
                                        case HELD ->
                                            Uni.createFrom().failure(new CauseHeldElsewhere(tenant, customerId));
                                        case TAKEN -> enrichFor(tenant, customerId, cause, identity);
                                    });
                        }));
    }

    private Uni<Outcome> enrichFor(String tenant, String customerId, String cause, LookupSubject identity) {
        // forced: fresh stored data was made from the identity the customer had before
        return enrichment
                .enrich(tenant, customerId, true, identity)
                .flatMap(result -> settle(tenant, customerId, cause, result))
                .onFailure(QuotaExceeded.class)
                .recoverWithUni(() -> claims.release(tenant, customerId, cause).replaceWith(Outcome.QUOTA_SPENT))
                .onFailure(failure -> !(failure instanceof QuotaExceeded))
                .call(() -> claims.release(tenant, customerId, cause));
    }

    /**
     * One automatic attempt per cause: a run that found nothing (no match, or failing providers) is settled too, as
     * asking again would cost provider calls for the same answer; an editor can still trigger one.
     */
    private Uni<Outcome> settle(String tenant, String customerId, String cause, CustomerEnrichment result) {
        return claims.done(tenant, customerId, cause)
                .replaceWith(result.charged() ? Outcome.ENRICHED : Outcome.NO_DATA);
    }

    /** Another consumer is enriching for the same cause right now. */
    public static final class CauseHeldElsewhere extends RuntimeException {
        CauseHeldElsewhere(String tenant, String customerId) {
            super("auto-enrichment of customer " + customerId + " of tenant " + tenant + " is in progress elsewhere");
        }
    }
}
