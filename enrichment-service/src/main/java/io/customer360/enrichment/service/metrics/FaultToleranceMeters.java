package io.customer360.enrichment.service.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes SmallRye Fault Tolerance's metrics exportable to Prometheus. SmallRye FT 6.10 pre-registers a rate limit's
 * {@code ft.ratelimit.calls.total} counters with the bulkhead's tag ({@code bulkheadResult=accepted|rejected}) and
 * then counts decisions under {@code rateLimitResult=permitted|rejected}; Prometheus refuses one name with two tag
 * key sets, and the provider guards' first call failed. This filter gives the pre-registered counters the tag they
 * should have had, so the breaker, retry, timeout and rate-limit series of every provider guard are exported.
 */
@Singleton
public class FaultToleranceMeters {

    static final String RATE_LIMIT_CALLS = "ft.ratelimit.calls.total";

    @Produces
    @Singleton
    MeterFilter rateLimitTagsAsRateLimitTags() {
        return new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                return retagged(id);
            }
        };
    }

    static Meter.Id retagged(Meter.Id id) {
        String bulkheadResult = id.getTag("bulkheadResult");
        if (!RATE_LIMIT_CALLS.equals(id.getName()) || bulkheadResult == null) {
            return id;
        }
        List<Tag> tags = new ArrayList<>();
        for (Tag tag : id.getTags()) {
            if (!tag.getKey().equals("bulkheadResult")) {
                tags.add(tag);
            }
        }
        tags.add(Tag.of("rateLimitResult", "accepted".equals(bulkheadResult) ? "permitted" : "rejected"));
        return id.replaceTags(tags);
    }
}
