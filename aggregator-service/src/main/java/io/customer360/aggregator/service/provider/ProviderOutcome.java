package io.customer360.aggregator.service.provider;

import java.time.Duration;

/**
 * What one provider call produced.
 *
 * @param provider the provider's name
 * @param source   the service behind it
 * @param status   ok, not_found (the source does not know the customer), withheld (the source's visibility rules withhold
 *                 it from the caller), failed or timed_out
 * @param data     the data when ok (the provider's record, or JSON for a free-form source), else null
 * @param latency  how long the call took (the budget when it timed out)
 * @param reason   why there is no data, else null
 */
public record ProviderOutcome(
        String provider, String source, Status status, Object data, Duration latency, String reason) {

    public enum Status {
        OK,
        NOT_FOUND,
        WITHHELD,
        FAILED,
        TIMED_OUT
    }

    public boolean ok() {
        return status == Status.OK;
    }
}
