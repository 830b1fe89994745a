package io.customer360.enrichment.client.provider;

import java.time.Duration;

/**
 * A provider call that did not produce an answer. {@code reason} is safe to show and log: it never holds the request
 * URL, a header or a body, so an API key cannot leak through it. Retryable failures are 5xx, 429 and network errors.
 */
public class ProviderCallFailed extends RuntimeException {

    private final boolean retryable;
    private final transient Duration retryAfter;
    private final int status;

    public ProviderCallFailed(String reason, boolean retryable, Duration retryAfter) {
        this(reason, retryable, retryAfter, 0);
    }

    /** A failure with the provider's HTTP status ({@code 0}: none, the provider was not reached or its body unusable). */
    public ProviderCallFailed(String reason, boolean retryable, Duration retryAfter, int status) {
        super(reason, null, false, false);
        this.retryable = retryable;
        this.retryAfter = retryAfter;
        this.status = status;
    }

    public static ProviderCallFailed permanent(String reason) {
        return new ProviderCallFailed(reason, false, null);
    }

    public boolean retryable() {
        return retryable;
    }

    /** The provider's HTTP status, or 0 when it gave none (unreachable, unusable body). */
    public int status() {
        return status;
    }

    /** The wait the provider asked for (Retry-After), or null. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
