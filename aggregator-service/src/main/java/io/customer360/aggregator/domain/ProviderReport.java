package io.customer360.aggregator.domain;

/** How one context provider did for this view: ok, not_found, failed or timed_out, and its latency. */
public record ProviderReport(String status, long latencyMs, String reason) {}
