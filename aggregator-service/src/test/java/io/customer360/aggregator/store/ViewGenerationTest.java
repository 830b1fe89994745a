package io.customer360.aggregator.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.customer360.aggregator.testing.AggregatorRedisProxy;
import io.customer360.common.testing.ProfileServiceResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The race a change must win (issue 21): a view is built from a read, the customer changes and is invalidated, then the
 * build writes its older view. {@link ViewCache} refuses that write, so after an invalidation no caller gets the older
 * view. Driven through the cache's own steps, in that order, against the machine's Redis.
 */
@QuarkusTest
@WithTestResource(ProfileServiceResource.class)
@WithTestResource(AggregatorRedisProxy.class)
class ViewGenerationTest {

    private static final String OLD = "{\"arr\":24000}";
    private static final String NEW = "{\"arr\":96000}";

    @Inject
    ViewCache cache;

    private final String customer = "gen_" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    void aViewWhoseBuildStartedBeforeAnInvalidationIsNotCachedAfterIt() {
        // a build starts: its read misses and sees generation 0 (the customer was never invalidated)
        ViewCache.Lookup started = read("acme");
        assertThat(started.hit()).isNull();
        assertThat(started.generation()).isEqualTo("0");

        // profile.changed arrives while the build runs
        cache.invalidate("acme", customer).await().indefinitely();

        // the build finishes and writes the view it built from the older data: refused
        write("acme", started, OLD);
        ViewCache.Lookup next = read("acme");
        assertThat(next.hit()).isNull();
        assertThat(next.generation()).isEqualTo("1");

        // the view built after the invalidation is cached and served
        write("acme", next, NEW);
        assertThat(read("acme").hit().json()).isEqualTo(NEW);
    }

    @Test
    void aViewCachedBeforeAnInvalidationIsDroppedByIt() {
        write("acme", read("acme"), OLD);
        assertThat(read("acme").hit().json()).isEqualTo(OLD);

        cache.invalidate("acme", customer).await().indefinitely();
        assertThat(read("acme").hit()).isNull();
    }

    @Test
    void anotherTenantsInvalidationLeavesTheGenerationAlone() {
        ViewCache.Lookup globex = read("globex");
        cache.invalidate("acme", customer).await().indefinitely();

        // the same id in globex is another customer: its build is cached
        write("globex", globex, OLD);
        assertThat(read("globex").hit().json()).isEqualTo(OLD);
        // (a hit needs no generation: another variant's miss reads it)
        assertThat(cache.get("globex", customer, "other").await().indefinitely().generation())
                .isEqualTo("0");
        assertThat(read("acme").generation()).isEqualTo("1");
    }

    @Test
    void aViewBuiltWithoutAKnownGenerationIsNotCached() {
        write("acme", new ViewCache.Lookup(null, null, false), OLD);
        assertThat(read("acme").hit()).isNull();
    }

    private ViewCache.Lookup read(String tenant) {
        return cache.get(tenant, customer, "v").await().indefinitely();
    }

    private void write(String tenant, ViewCache.Lookup read, String json) {
        cache.put(tenant, customer, read.generation(), "v", json, null, false)
                .await()
                .indefinitely();
    }
}
