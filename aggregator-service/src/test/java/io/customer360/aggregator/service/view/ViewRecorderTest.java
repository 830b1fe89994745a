package io.customer360.aggregator.service.view;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.customer360.aggregator.domain.Customer360;
import io.customer360.aggregator.domain.insight.Dimension;
import io.customer360.aggregator.domain.insight.HealthScore;
import io.customer360.aggregator.domain.insight.OpenAction;
import io.customer360.aggregator.service.insight.SkillTrigger;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The one recorder of a view, whoever built it, against the real PostgreSQL and NATS: the day's health, actions and
 * state stored, the state published, insights recorded, the decline and state-change triggers fired once each; a build
 * from incomplete evidence is never recorded.
 */
@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
class ViewRecorderTest {

    private static final String TENANT = "acme";
    private static final String RED_FLAG = "customer_success/red_flag_detector";
    private static final String PLAYBOOK = "customer_success/risk_mitigation_playbook";
    private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);

    @Inject
    ViewRecorder recorder;

    @Inject
    ObjectMapper mapper;

    @Inject
    Pool pool;

    private final String customer = "recorded_" + UUID.randomUUID().toString().substring(0, 8);

    /** A complete build of {@code score} (commercial only) in {@code state}, with the routing's {@code triggers}. */
    private ViewBuilder.Built built(int score, String state, List<SkillTrigger> triggers, boolean recordable)
            throws Exception {
        return built(score, state, triggers, recordable, true);
    }

    private ViewBuilder.Built built(
            int score, String state, List<SkillTrigger> triggers, boolean recordable, boolean minimumDataMet)
            throws Exception {
        Customer360 view = mapper.readValue(
                """
                {"accountId":"%s","generatedAt":"2026-01-01T00:00:00Z","dataCompleteness":1.0,"riskIndicators":[],
                 "opportunities":[],"recommendedActions":[],"exitState":"%s",
                 "guardrails":{"minimumDataMet":%s,"missingRequired":%s}}""".formatted(customer, state, minimumDataMet, minimumDataMet ? "[]" : "[\"usage\"]"),
                Customer360.class);
        Map<Dimension, Integer> dimensions = new EnumMap<>(Dimension.class);
        dimensions.put(Dimension.COMMERCIAL, score);
        return new ViewBuilder.Built(
                view,
                new HealthScore(score, dimensions, 0.2),
                List.of(new OpenAction("review_" + state, TODAY, TODAY.plusDays(7))),
                triggers,
                recordable);
    }

    private void record(ViewBuilder.Built built) {
        recorder.record(TENANT, customer, TODAY, built).await().atMost(Duration.ofSeconds(10));
    }

    @Test
    void aRecordingStoresTheDaysHealthActionsStateAndInsightsAndPublishesTheState() throws Exception {
        record(built(80, "healthy", List.of(), true));

        assertThat(strings("SELECT overall || '' FROM health_history WHERE tenant = 'acme' AND customer_id = $1"))
                .containsExactly("80");
        assertThat(strings("SELECT action_key FROM open_actions WHERE customer_id = $1"))
                .containsExactly("review_healthy");
        assertThat(
                        strings(
                                "SELECT exit_state || ':' || health_score || ':' || health_band FROM account_states WHERE customer_id = $1"))
                .containsExactly("healthy:80:healthy");
        assertThat(strings("SELECT kind || ':' || type FROM insight_episodes WHERE customer_id = $1"))
                .containsExactly("exit_state:healthy");
        // published to customer360.state, then marked as published
        await().atMost(Duration.ofSeconds(10))
                .until(() -> strings(
                                "SELECT published_state || ':' || published_band FROM account_states WHERE customer_id = $1")
                        .equals(List.of("healthy:healthy")));
        assertThat(strings("SELECT skill FROM skill_triggers WHERE customer_id = $1"))
                .isEmpty();
    }

    @Test
    void aDeclineFiresRedFlagDetectorOnceAndAChangedStateItsRoutingsSkills() throws Exception {
        record(built(80, "healthy", List.of(), true));
        record(built(65, "attention_needed", List.of(), true));
        // the same view recorded again: no decline from the score recorded last
        record(built(65, "attention_needed", List.of(), true));
        assertThat(strings("SELECT skill || ' ' || cause FROM skill_triggers WHERE customer_id = $1"))
                .containsExactly(RED_FLAG + " health_decline:80->65");
        assertThat(strings("SELECT overall || '' FROM health_history WHERE customer_id = $1"))
                .containsExactly("65");

        // into at_risk: the routing's skill fires once per state, cause and day, however often it is recorded
        List<SkillTrigger> routing = List.of(new SkillTrigger(PLAYBOOK, "health_score_below_60", List.of()));
        record(built(58, "at_risk", routing, true));
        record(built(58, "at_risk", routing, true));
        assertThat(
                        strings(
                                "SELECT skill || ' ' || cause FROM skill_triggers WHERE customer_id = $1 ORDER BY recorded_at, skill"))
                .containsExactly(RED_FLAG + " health_decline:80->65", PLAYBOOK + " health_score_below_60");
    }

    @Test
    void aViewWithoutTheMinimumDataIsStoredButFiresNoSkillAndPublishesNoState() throws Exception {
        List<String> published = new CopyOnWriteArrayList<>();
        try (Connection nats = Nats.connect("nats://127.0.0.1:4222")) {
            nats.createDispatcher(message -> {
                        try {
                            JsonNode state = mapper.readTree(message.getData());
                            published.add(state.path("exitState").asText() + ":"
                                    + state.path("healthScore").asInt());
                        } catch (java.io.IOException e) {
                            throw new IllegalStateException(e);
                        }
                    })
                    .subscribe("test.aggregator.customer360.state.acme." + customer);
            nats.flush(Duration.ofSeconds(2));

            record(built(80, "healthy", List.of(), true));
            await().atMost(Duration.ofSeconds(10)).until(() -> published.equals(List.of("healthy:80")));

            // a decline of 22 points into at_risk, whose routing fires the playbook, but usage is missing: stored only
            List<SkillTrigger> routing = List.of(new SkillTrigger(PLAYBOOK, "health_score_below_60", List.of()));
            record(built(58, "at_risk", routing, true, false));
            assertThat(strings("SELECT exit_state || ':' || health_score FROM account_states WHERE customer_id = $1"))
                    .containsExactly("at_risk:58");
            assertThat(strings("SELECT skill FROM skill_triggers WHERE customer_id = $1"))
                    .isEmpty();

            // the next view with the minimum data acts: at_risk differs from the state published (healthy), so it is
            // published with this view's score; had the view above published at_risk:58, this one would publish nothing
            record(built(55, "at_risk", routing, true, true));
            await().atMost(Duration.ofSeconds(10)).until(() -> published.size() == 2);
            assertThat(published).containsExactly("healthy:80", "at_risk:55");
            // the playbook fires now; the decline is measured from the score stored last (58), 3 points: no red flag
            assertThat(strings("SELECT skill || ' ' || cause FROM skill_triggers WHERE customer_id = $1"))
                    .containsExactly(PLAYBOOK + " health_score_below_60");
        }
    }

    @Test
    void aBuildFromIncompleteEvidenceIsNeverRecorded() throws Exception {
        ViewBuilder.Built partial = built(40, "at_risk", List.of(), false);
        assertThatThrownBy(() -> recorder.record(TENANT, customer, TODAY, partial))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(strings("SELECT exit_state FROM account_states WHERE customer_id = $1"))
                .isEmpty();
    }

    private List<String> strings(String sql) {
        return pool.preparedQuery(sql).execute(Tuple.of(customer)).await().indefinitely().stream()
                .map(row -> row.getString(0))
                .toList();
    }
}
