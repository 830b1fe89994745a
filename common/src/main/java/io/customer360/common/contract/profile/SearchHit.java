package io.customer360.common.contract.profile;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One search result: {@code kind} is customer, event, note or knowledge; {@code id} is the customer id, event id or
 * record id; {@code rank} is PostgreSQL's {@code ts_rank}; {@code highlight} is HTML-safe with matches in
 * {@code <mark>}; {@code at} is when it last changed or happened.
 */
@RegisterForReflection
public record SearchHit(
        String kind, String customerId, String id, String title, float rank, String highlight, String at) {}
