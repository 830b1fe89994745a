/**
 * What profile-service answers (a customer's 360 sections, its timeline, the customer list, search and the analytics
 * the console shows), as the records both sides compile against: profile-service builds them, aggregator-service's
 * and enrichment-service's REST clients read them (docs/api.md). A section's own fields are always present, null when
 * unknown; a stored record ({@link io.customer360.common.contract.profile.StoredRecord}) shows only the fields some
 * event reported.
 */
package io.customer360.common.contract.profile;
