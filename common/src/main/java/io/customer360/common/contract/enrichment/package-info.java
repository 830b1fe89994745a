/**
 * What enrichment-service answers (a customer's enrichment with each field's provenance, the tenant's quota), as the
 * records both sides compile against: enrichment-service builds them, aggregator-service's REST clients read them.
 * The wire shape is customer-enrichment.md's.
 */
package io.customer360.common.contract.enrichment;
