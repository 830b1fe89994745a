package io.customer360.enrichment.service;

/** ENABLE_CUSTOMER_ENRICHMENT is off: stored data is served, nothing new is enriched (answered as a 503 problem). */
public class EnrichmentDisabled extends RuntimeException {

    public EnrichmentDisabled() {
        super("Customer enrichment is switched off (ENABLE_CUSTOMER_ENRICHMENT=false)", null, false, false);
    }
}
