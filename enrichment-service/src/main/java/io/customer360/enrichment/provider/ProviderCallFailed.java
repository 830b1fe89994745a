package io.customer360.enrichment.provider;

import java.time.Duration;

/**
 * A provider call that did not produce an answer. {@code reason} is safe to show and log: it never holds the request
 * URL, a header or a body, so an API key cannot leak through it. Retryable failures are 5xx, 429 and network errors.
 */
public class ProviderCallFailed extends RuntimeException {

    private final boolean retryable;
    private final transient Duration retryAfter;

    public ProviderCallFailed(String reason, boolean retryable, Duration retryAfter) {
        super(reason, null, false, false);
        this.retryable = retryable;
        this.retryAfter = retryAfter;
    }

    public static ProviderCallFailed permanent(String reason) {
        return new ProviderCallFailed(reason, false, null);
    }

    public boolean retryable() {
        return retryable;
    }

    /** The wait the provider asked for (Retry-After), or null. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
