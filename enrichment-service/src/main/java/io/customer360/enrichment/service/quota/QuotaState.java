package io.customer360.enrichment.service.quota;

/**
 * A tenant's month as the ledger saw it: enrichments used, the limit (null = unlimited), and the row version that
 * orders the Redis mirror's writes. {@code granted} tells whether the reservation that produced it got a slot.
 */
public record QuotaState(boolean granted, int used, Integer limit, long version) {

    public boolean spent() {
        return limit != null && used >= limit;
    }
}
