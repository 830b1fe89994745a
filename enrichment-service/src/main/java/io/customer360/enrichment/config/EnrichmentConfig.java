package io.customer360.enrichment.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Everything enrichment-service can be told: the feature switch, the key, cache TTLs, waterfalls and providers. */
@ConfigMapping(prefix = "enrichment")
public interface EnrichmentConfig {

    /** ENABLE_CUSTOMER_ENRICHMENT: when false, stored enrichment is still served but nothing new is enriched. */
    @WithDefault("true")
    boolean enabled();

    /**
     * Base64 of the 256-bit AES key that seals enrichment values at rest (ENRICHMENT_ENCRYPTION_KEY, from a Secret):
     * key id "initial" of the keyring ({@link Sealing}); optional once the keyring holds other keys.
     */
    Optional<String> encryptionKey();

    /** The sealing keyring: more keys, which one seals, re-sealing (docs/sealing-keys.md). */
    Sealing sealing();

    interface Sealing {
        /** More sealing keys, each "id:base64-of-32-bytes" (ENRICHMENT_SEALING_KEYS, from a Secret; comma-separated). */
        Optional<List<String>> keys();

        /** The key id that seals new values (ENRICHMENT_SEALING_CURRENT_KEY); needed when the ring has several keys. */
        Optional<String> currentKey();

        /**
         * The key id the identity digests' HMAC key is derived from (ENRICHMENT_SEALING_DIGEST_KEY); "initial" when the
         * ring has it. It stays in the ring for as long as digests are kept, as changing it makes identities look new.
         */
        Optional<String> digestKey();

        /** How often a replica re-seals values under older keys with the current key: a duration, or {@code off}. */
        @WithDefault("1m")
        String resealInterval();

        /** Values one re-sealing batch takes (one transaction). */
        @WithDefault("500")
        int resealBatch();
    }

    /** How long an enrichment stays fresh, by tier. */
    Cache cache();

    /** Provider order per data type; the first provider's value of a field wins, later ones fill the gaps. */
    Waterfall waterfall();

    /** Provider settings by provider name (people-data-labs, clearbit, hunter, google-places, opencorporates, attom). */
    Map<String, Provider> providers();

    /** The usage ledger billing reads (docs/billing-ledger.md). */
    Ledger ledger();

    /** Prefix of every Redis key this service writes; tests use their own. */
    @WithDefault("enrichment:")
    String redisKeyPrefix();

    /** How the service treats Redis, which it can do without (docs/running.md "When Redis is down"). */
    Redis redis();

    interface Redis {
        /** The longest a Redis command may take before it counts as failed and the request goes on without Redis. */
        @WithDefault("500ms")
        Duration timeout();

        /** After a failure, how long Redis is left alone (requests skip it at once) before one command tries again. */
        @WithDefault("5s")
        Duration pause();
    }

    interface Ledger {
        /** Currency of the providers' list costs, and so of every ledger line (ISO 4217). */
        @WithDefault("USD")
        String currency();

        /** Days after its end that a month closes by itself (a closed month never changes). */
        @WithDefault("5")
        int closeAfterDays();

        /**
         * How often a replica looks for months due to close (every replica may: closing is idempotent): a duration
         * such as {@code 15m}, or {@code off} (tests close months themselves).
         */
        @WithDefault("15m")
        String closeCheckInterval();

        /** How often the outbox relay looks for unsent usage messages besides being woken after each charge. */
        @WithDefault("2s")
        Duration relayInterval();

        /** Usage messages one relay pass publishes at most. */
        @WithDefault("200")
        int relayBatch();
    }

    interface Cache {
        /** Free tier TTL (ENRICHMENT_CACHE_TTL, seconds in the seed; 7 days). */
        @WithDefault("604800s")
        Duration freeTtl();

        /** Pro tier TTL (1 day). */
        @WithDefault("86400s")
        Duration proTtl();

        /** Enterprise tier TTL: zero, always fresh. */
        @WithDefault("0s")
        Duration enterpriseTtl();
    }

    interface Waterfall {
        @WithDefault("clearbit,fullcontact,hunter")
        List<String> person();

        @WithDefault("google-places,opencorporates")
        List<String> business();

        @WithDefault("attom,attom-avm")
        List<String> property();

        /** The most one data type's waterfall may take; what succeeded by then is kept. */
        @WithDefault("8s")
        Duration budget();
    }

    interface Provider {
        /** API key (from a Secret); without one the provider is disabled and shown as such. */
        Optional<String> apiKey();

        /** What one matched call costs, in USD (only matches are billed by the providers). */
        @WithDefault("0")
        BigDecimal cost();

        /** Confidence of a match for providers that publish no score of their own (0-1). */
        @WithDefault("0.7")
        double defaultConfidence();

        /** Timeout of one call. */
        @WithDefault("3s")
        Duration timeout();

        /** Retries on 5xx, 429 and timeouts (jittered exponential backoff, or the provider's Retry-After). */
        @WithDefault("2")
        int maxRetries();

        /** First retry delay; doubles each retry. */
        @WithDefault("200ms")
        Duration retryDelay();

        /** The longest Retry-After honoured; a longer one fails the call so the waterfall moves on. */
        @WithDefault("5s")
        Duration maxRetryAfter();

        /** Calls in flight at once. */
        @WithDefault("10")
        int bulkhead();

        /** The provider's published rate limit: calls per window. */
        @WithDefault("100")
        int rateLimit();

        @WithDefault("60s")
        Duration rateWindow();

        /** Circuit breaker: failures in the rolling window of this many calls open it. */
        @WithDefault("10")
        int breakerVolume();

        @WithDefault("0.5")
        double breakerFailureRatio();

        /** How long an open breaker rejects calls before it lets a trial call through. */
        @WithDefault("30s")
        Duration breakerDelay();

        /** Largest response body accepted; a larger one is a failure, never parsed. */
        @WithDefault("262144")
        int maxResponseBytes();
    }
}
