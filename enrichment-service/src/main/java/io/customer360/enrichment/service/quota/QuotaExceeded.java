package io.customer360.enrichment.service.quota;

import io.customer360.enrichment.domain.Tier;
import java.time.Instant;

/** The tenant's monthly enrichments are spent; answered as a 429 problem with the reset time. */
public class QuotaExceeded extends RuntimeException {

    private final transient Tier tier;
    private final Integer limit;
    private final transient Instant resetAt;

    public QuotaExceeded(Tier tier, Integer limit, Instant resetAt) {
        super(
                "The " + tier.wireName() + " tier's " + limit
                        + " enrichments of this month are spent; the quota resets at " + resetAt,
                null,
                false,
                false);
        this.tier = tier;
        this.limit = limit;
        this.resetAt = resetAt;
    }

    public Tier tier() {
        return tier;
    }

    public Integer limit() {
        return limit;
    }

    public Instant resetAt() {
        return resetAt;
    }
}
