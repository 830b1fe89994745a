package io.customer360.enrichment.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.customer360.common.api.ProblemException;
import io.customer360.common.contract.enrichment.CustomerEnrichment;
import io.customer360.common.contract.enrichment.EnrichmentField;
import io.customer360.common.contract.enrichment.ProviderFailure;
import io.customer360.common.contract.messages.EnrichmentUpdated;
import io.customer360.enrichment.client.CustomerDirectory;
import io.customer360.enrichment.config.EnrichmentConfig;
import io.customer360.enrichment.domain.DataType;
import io.customer360.enrichment.domain.EnrichmentViews;
import io.customer360.enrichment.domain.LookupSubject;
import io.customer360.enrichment.domain.Tier;
import io.customer360.enrichment.messaging.EnrichmentEvents;
import io.customer360.enrichment.service.metrics.EnrichmentMetrics;
import io.customer360.enrichment.service.provider.GuardedProvider;
import io.customer360.enrichment.service.provider.ProviderRegistry;
import io.customer360.enrichment.service.quota.Quotas;
import io.customer360.enrichment.service.usage.ChargedCall;
import io.customer360.enrichment.service.usage.UsageLedger;
import io.customer360.enrichment.service.waterfall.SourcedField;
import io.customer360.enrichment.service.waterfall.Waterfall;
import io.customer360.enrichment.service.waterfall.WaterfallResult;
import io.customer360.enrichment.store.EnrichedIdentities;
import io.customer360.enrichment.store.EnrichmentCache;
import io.customer360.enrichment.store.EnrichmentRecords;
import io.customer360.enrichment.store.TenantTiers;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The enrichment of a customer: cached reads, and new enrichments that take a quota slot first, run the waterfalls
 * of the tier's data types, store the result sealed, charge the slot when data came back (release it when not),
 * refresh the cache and announce the result.
 */
@ApplicationScoped
public class EnrichmentService {

    private static final TypeReference<List<EnrichmentField>> FIELDS = new TypeReference<>() {};
    /**
     * How long the hot cache remembers that a customer (who exists: profile-service said so) has nothing stored, so its
     * reads need neither profile-service nor PostgreSQL. An enrichment replaces the entry, an erasure deletes it.
     */
    static final Duration NOTHING_STORED = Duration.ofHours(1);

    private final CustomerDirectory customers;
    private final EnrichmentRecords records;
    private final EnrichedIdentities identities;
    private final EnrichmentCache cache;
    private final TenantTiers tiers;
    private final Quotas quotas;
    private final Waterfall waterfall;
    private final UsageLedger usage;
    private final ProviderRegistry providers;
    private final EnrichmentEvents events;
    private final EnrichmentConfig config;
    private final ObjectMapper mapper;
    private final EnrichmentMetrics metrics;

    EnrichmentService(
            CustomerDirectory customers,
            EnrichmentRecords records,
            EnrichedIdentities identities,
            EnrichmentCache cache,
            TenantTiers tiers,
            Quotas quotas,
            Waterfall waterfall,
            UsageLedger usage,
            ProviderRegistry providers,
            EnrichmentEvents events,
            EnrichmentConfig config,
            ObjectMapper mapper,
            EnrichmentMetrics metrics) {
        this.metrics = metrics;
        this.customers = customers;
        this.records = records;
        this.identities = identities;
        this.cache = cache;
        this.tiers = tiers;
        this.quotas = quotas;
        this.waterfall = waterfall;
        this.usage = usage;
        this.providers = providers;
        this.events = events;
        this.config = config;
        this.mapper = mapper;
    }

    /**
     * What is stored, never calling a provider. A cache hit needs no call to profile-service: an entry exists only
     * for a customer of that tenant that profile-service knows (it was enriched, or a read found it with nothing
     * stored). A miss asks profile-service, so a missing customer (or another tenant's) is a 404.
     */
    public Uni<CustomerEnrichment> cached(String tenant, String customerId) {
        return Uni.combine()
                .all()
                .unis(tiers.tier(tenant), cache.get(tenant, customerId))
                .asTuple()
                .flatMap(known -> {
                    Tier tier = known.getItem1();
                    List<EnrichmentField> cached = known.getItem2() == null ? null : parse(known.getItem2());
                    // a hit is stored enrichment found in the cache: a customer with nothing stored is a miss, as
                    // it was before the cache remembered that (NOTHING_STORED)
                    metrics.cacheRead(tier, cached != null && !cached.isEmpty());
                    if (cached != null) {
                        return Uni.createFrom().item(view(customerId, tier, cached, false, List.of()));
                    }
                    return customers
                            .find(customerId)
                            .onItem()
                            .ifNull()
                            .failWith(() -> ProblemException.notFound("Customer", customerId))
                            .flatMap(customer -> records.fields(tenant, customerId))
                            .call(fields -> fields.isEmpty()
                                    ? cache.putIfAbsent(tenant, customerId, "[]", NOTHING_STORED)
                                    : remember(tenant, customerId, fields))
                            .map(fields -> view(customerId, tier, fields, false, List.of()));
                });
    }

    /**
     * Enriches the customer unless its stored data is still fresh ({@code force}: always, for refresh). The
     * customer's identity comes from profile-service with the caller's token; the property address, if any, from
     * the caller.
     */
    public Uni<CustomerEnrichment> enrich(
            String tenant, String customerId, boolean force, String addressLine1, String addressLine2) {
        if (!config.enabled()) {
            return Uni.createFrom().failure(new EnrichmentDisabled());
        }
        return customers
                .find(customerId)
                .onItem()
                .ifNull()
                .failWith(() -> ProblemException.notFound("Customer", customerId))
                .flatMap(customer -> enrich(
                        tenant,
                        customerId,
                        force,
                        new LookupSubject(
                                customer.name(),
                                customer.email(),
                                customer.company(),
                                null,
                                addressLine1,
                                addressLine2)));
    }

    /**
     * Enriches from an identity the caller already knows (auto-enrichment on profile.changed): the same quota, tier
     * and charging rules as a trigger by an editor. A new result also records the email and company it was made from.
     */
    public Uni<CustomerEnrichment> enrich(String tenant, String customerId, boolean force, LookupSubject subject) {
        if (!config.enabled()) {
            return Uni.createFrom().failure(new EnrichmentDisabled());
        }
        return Uni.combine()
                .all()
                .unis(tiers.tier(tenant), records.fields(tenant, customerId))
                .asTuple()
                .flatMap(known -> {
                    Tier tier = known.getItem1();
                    List<EnrichmentField> stored = known.getItem2();
                    // enterprise (TTL zero) is always fresh: every trigger enriches anew
                    if (!force && !ttl(tier).isZero() && EnrichmentViews.fresh(tier, stored, now())) {
                        metrics.enrichment(tier, "fresh");
                        return Uni.createFrom().item(view(customerId, tier, stored, false, List.of()));
                    }
                    // the company's domain for Hunter's email finder, when a business provider reported its website
                    LookupSubject lookup = subject.withCompanyWebsite(storedWebsite(stored));
                    return quotas.reserve(tenant, tier)
                            .flatMap(month -> waterfall
                                    .run(tier.dataTypes(), lookup)
                                    .onFailure()
                                    .call(() -> quotas.release(tenant, month))
                                    .flatMap(result -> result.foundData()
                                            ? keep(tenant, customerId, tier, month, subject, result)
                                            : quotas.release(tenant, month).map(ignored -> {
                                                metrics.enrichment(tier, "no_data");
                                                return view(customerId, tier, stored, false, result.failures());
                                            })));
                });
    }

    private Uni<CustomerEnrichment> keep(
            String tenant,
            String customerId,
            Tier tier,
            YearMonth month,
            LookupSubject subject,
            WaterfallResult result) {
        OffsetDateTime retrievedAt = now();
        OffsetDateTime expiresAt = retrievedAt.plus(ttl(tier));
        List<EnrichmentField> fresh = result.fields().stream()
                .map(found -> provenance(found, retrievedAt, expiresAt))
                .toList();
        Log.infof(
                "Enriched customer %s of tenant %s: %d fields from %s",
                customerId, tenant, fresh.size(), result.costs().keySet());
        List<String> dataTypes =
                tier.dataTypes().stream().map(DataType::wireName).toList();
        return records.saveEnrichment(tenant, customerId, fresh, dataTypes, expiresAt)
                .call(() -> identities.record(tenant, customerId, subject))
                .flatMap(ignored -> usage.charge(tenant, month, customerId, calls(result)))
                // nothing charged: the slot goes back (once charged, the lines stand; only a refund takes them back)
                .onFailure()
                .call(() -> quotas.release(tenant, month))
                .call(lines -> announce(tenant, customerId, result))
                .flatMap(ignored -> records.fields(tenant, customerId))
                .call(fields -> remember(tenant, customerId, fields))
                .invoke(() -> metrics.enrichment(tier, "enriched"))
                .map(fields -> view(customerId, tier, fields, true, result.failures()));
    }

    private static String storedWebsite(List<EnrichmentField> stored) {
        return stored.stream()
                .filter(field -> field.dataType().equals(DataType.BUSINESS.wireName())
                        && field.field().equals("website"))
                .map(field -> field.value().asText())
                .findFirst()
                .orElse(null);
    }

    /** The matched calls of a result, person before business before property, each waterfall in its order. */
    private List<ChargedCall> calls(WaterfallResult result) {
        List<ChargedCall> calls = new ArrayList<>();
        for (DataType type : List.of(DataType.PERSON, DataType.BUSINESS, DataType.PROPERTY)) {
            for (GuardedProvider provider : providers.waterfall(type)) {
                BigDecimal cost = result.costs().get(provider.name());
                if (cost != null) {
                    calls.add(new ChargedCall(provider.name(), type.wireName(), cost));
                }
            }
        }
        return calls;
    }

    private Uni<Void> announce(String tenant, String customerId, WaterfallResult result) {
        List<String> dataTypes = result.fields().stream()
                .map(field -> field.found().dataType().wireName())
                .distinct()
                .toList();
        return events.updated(new EnrichmentUpdated(tenant, customerId, dataTypes, Instant.now()));
    }

    /** Puts the fields in the hot cache until the first of them expires; nothing to cache is an eviction. */
    private Uni<Void> remember(String tenant, String customerId, List<EnrichmentField> fields) {
        OffsetDateTime firstExpiry = fields.stream()
                .map(EnrichmentField::expiresAt)
                .min(OffsetDateTime::compareTo)
                .orElse(null);
        if (firstExpiry == null) {
            return cache.evict(tenant, customerId);
        }
        try {
            return cache.put(
                    tenant, customerId, mapper.writeValueAsString(fields), Duration.between(now(), firstExpiry));
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(e);
        }
    }

    /**
     * Forgets the hot copy of a customer (erasure); fails while Redis does not confirm, so the erasure is redelivered
     * until no pod can serve the erased data from Redis.
     */
    public Uni<Void> forget(String tenant, String customerId) {
        return cache.evictOrFail(tenant, customerId);
    }

    public Duration ttl(Tier tier) {
        return switch (tier) {
            case FREE -> config.cache().freeTtl();
            case PRO -> config.cache().proTtl();
            case ENTERPRISE -> config.cache().enterpriseTtl();
        };
    }

    private static EnrichmentField provenance(
            SourcedField found, OffsetDateTime retrievedAt, OffsetDateTime expiresAt) {
        return new EnrichmentField(
                found.found().dataType().wireName(),
                found.found().field(),
                found.found().value(),
                found.provider(),
                BigDecimal.valueOf(found.confidence()).setScale(3, RoundingMode.HALF_UP),
                retrievedAt,
                expiresAt,
                found.cost());
    }

    private List<EnrichmentField> parse(String json) {
        try {
            return mapper.readValue(json, FIELDS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cached enrichment is not readable", e);
        }
    }

    private CustomerEnrichment view(
            String customerId,
            Tier tier,
            List<EnrichmentField> fields,
            boolean charged,
            List<ProviderFailure> degraded) {
        return EnrichmentViews.of(customerId, tier, fields, now(), charged, degraded);
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }
}
