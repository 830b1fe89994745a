package io.customer360.aggregator.client;

/**
 * A customer as profile-service's customer list names it ({@code GET /api/v1/customers}): only the id, all that account
 * discovery reads; the other fields of the summary are ignored.
 */
public record ListedCustomer(String id) {}
