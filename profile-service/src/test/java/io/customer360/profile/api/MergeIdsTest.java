package io.customer360.profile.api;

import static io.customer360.common.testing.TestTokens.token;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.customer360.common.auth.Roles;
import io.customer360.profile.Fixtures;
import io.customer360.profile.service.EventApplier;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 19, item 8: merge ids come from no sequence shared by tenants. Merges of one tenant, however many, change
 * nothing in the ids another tenant gets; an id given before the ids became opaque still undoes its merge.
 */
@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
class MergeIdsTest {

    private static final String OPAQUE = "mrg_[0-9a-hjkmnp-tv-z]{26}";

    @Inject
    EventApplier applier;

    @Inject
    Pool pool;

    /** Creates two customers of {@code tenant} and merges the second into the first; answers the merge id. */
    private String merge(String tenant) {
        String target = Fixtures.unique("t_");
        String source = Fixtures.unique("s_");
        Fixtures.customer(tenant, target)
                .event("contact", Duration.ofDays(2), Map.of("title", "a"))
                .applyWith(applier);
        Fixtures.customer(tenant, source)
                .event("contact", Duration.ofDays(1), Map.of("title", "b"))
                .applyWith(applier);
        return given().auth()
                .oauth2(token(tenant, Roles.VIEWER, Roles.EDITOR))
                .contentType(ContentType.JSON)
                .body(Map.of("sourceId", source))
                .post("/api/v1/customers/" + target + "/merge")
                .then()
                .statusCode(200)
                .extract()
                .path("mergeId");
    }

    @Test
    void twoTenantsMergeIdsRevealNothingOfEachOthersCount() {
        String quiet = Fixtures.unique("q");
        String busy = Fixtures.unique("b");
        List<String> ids = new ArrayList<>();
        ids.add(merge(quiet));
        for (int i = 0; i < 5; i++) {
            ids.add(merge(busy));
        }
        ids.add(merge(quiet));
        // random, opaque ids: no number to subtract from another, never the same twice
        assertThat(ids).allMatch(id -> id.matches(OPAQUE)).doesNotHaveDuplicates();
        // the busy tenant's merges are invisible to the quiet one: its ids are the only ones it can read or undo
        String quietEditor = token(quiet, Roles.VIEWER, Roles.EDITOR);
        long quietMerges = pool.preparedQuery("SELECT count(*) FROM merges WHERE tenant = $1")
                .execute(Tuple.of(quiet))
                .await()
                .indefinitely()
                .iterator()
                .next()
                .getLong(0);
        assertThat(quietMerges).isEqualTo(2);
        String busyTarget = pool.preparedQuery("SELECT target_id FROM merges WHERE tenant = $1 AND id = $2")
                .execute(Tuple.of(busy, ids.get(1)))
                .await()
                .indefinitely()
                .iterator()
                .next()
                .getString(0);
        given().auth()
                .oauth2(quietEditor)
                .contentType(ContentType.JSON)
                .body(Map.of("mergeId", ids.get(1)))
                .post("/api/v1/customers/" + busyTarget + "/unmerge")
                .then()
                .statusCode(404);
    }

    @Test
    void anIdGivenBeforeTheIdsBecameOpaqueStillUndoesItsMerge() {
        String tenant = Fixtures.unique("l");
        String mergeId = merge(tenant);
        String target = pool.preparedQuery("SELECT target_id FROM merges WHERE tenant = $1 AND id = $2")
                .execute(Tuple.of(tenant, mergeId))
                .await()
                .indefinitely()
                .iterator()
                .next()
                .getString(0);
        // as the V5 migration left a merge made before it: the text of its bigserial number everywhere
        for (String table : List.of(
                "merges SET id",
                "timeline_events SET merge_id",
                "customer_identities SET merge_id",
                "customer_aliases SET merge_id")) {
            String column = table.substring(table.lastIndexOf(' ') + 1);
            pool.preparedQuery("UPDATE " + table + " = '4711' WHERE tenant = $1 AND " + column + " = $2")
                    .execute(Tuple.of(tenant, mergeId))
                    .await()
                    .indefinitely();
        }
        String editor = token(tenant, Roles.VIEWER, Roles.EDITOR);
        given().auth()
                .oauth2(editor)
                .get("/api/v1/customers/" + target + "/merges")
                .then()
                .body("[0].mergeId", equalTo("4711"));
        given().auth()
                .oauth2(editor)
                .contentType(ContentType.JSON)
                .body("{\"mergeId\": 4711}")
                .post("/api/v1/customers/" + target + "/unmerge")
                .then()
                .statusCode(200)
                .body("mergeId", equalTo("4711"))
                .body("unmergedAt", org.hamcrest.Matchers.notNullValue());
    }
}
