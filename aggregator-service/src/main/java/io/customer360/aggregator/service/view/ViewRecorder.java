package io.customer360.aggregator.service.view;

import io.customer360.aggregator.config.AggregatorConfig;
import io.customer360.aggregator.messaging.StatePublisher;
import io.customer360.aggregator.service.accuracy.InsightAccuracy;
import io.customer360.aggregator.service.trigger.SkillTriggers;
import io.customer360.aggregator.service.trigger.ViewTriggerRules;
import io.customer360.aggregator.store.AccountStates;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

/**
 * The one recorder of a 360 view, whoever built it (a viewer's request or background rescoring): stores the day's
 * health, the open actions and the exit state; fires the skills a changed state or a health decline triggers; records
 * the insights emitted (accuracy); and publishes a changed exit state or health band. A view without the seed's minimum
 * data (account, usage and support; {@code guardrails.minimumDataMet}) is stored but not acted on: it fires no skill and
 * publishes no state, and its {@code guardrails.notPublished} says why.
 */
@ApplicationScoped
public class ViewRecorder {

    private final AccountStates states;
    private final SkillTriggers skillTriggers;
    private final InsightAccuracy accuracy;
    private final StatePublisher publisher;
    private final AggregatorConfig config;

    ViewRecorder(
            AccountStates states,
            SkillTriggers skillTriggers,
            InsightAccuracy accuracy,
            StatePublisher publisher,
            AggregatorConfig config) {
        this.states = states;
        this.skillTriggers = skillTriggers;
        this.accuracy = accuracy;
        this.publisher = publisher;
        this.config = config;
    }

    /**
     * Completes when health, actions and state are stored. Triggers and insights that cannot be stored are logged and
     * decided again by the next recording; a state not published yet is published by the next recording (its
     * {@code published_state} still differs).
     *
     * @throws IllegalArgumentException for a build that is not {@link ViewBuilder.Built#recordable() recordable}
     */
    public Uni<Void> record(String tenant, String customerId, LocalDate today, ViewBuilder.Built built) {
        if (!built.recordable()) {
            throw new IllegalArgumentException("Only a view built from complete evidence is recorded");
        }
        String state = built.view().exitState();
        String band = built.health().band();
        boolean actOn = built.view().guardrails().minimumDataMet();
        return states.record(tenant, customerId, today, built.health(), built.openActions(), state)
                .call(published -> !actOn
                        ? Uni.createFrom().nullItem()
                        : skillTriggers
                                .fire(ViewTriggerRules.triggers(
                                        tenant,
                                        customerId,
                                        !Objects.equals(published.state(), state),
                                        state,
                                        built.triggers(),
                                        published.previousScore(),
                                        built.health().overall(),
                                        today,
                                        Instant.now(),
                                        config.triggers()))
                                .onFailure()
                                .invoke(failure -> Log.warnf(
                                        "Skill triggers of %s/%s not stored (the next view decides again): %s",
                                        tenant, customerId, failure.toString()))
                                .onFailure()
                                .recoverWithNull())
                .call(() -> accuracy.emitted(tenant, built.view(), Instant.now())
                        .onFailure()
                        .invoke(failure -> Log.warnf(
                                "Insights of %s/%s not recorded for accuracy: %s",
                                tenant, customerId, failure.toString()))
                        .onFailure()
                        .recoverWithNull())
                .invoke(published -> {
                    boolean changed =
                            !Objects.equals(published.state(), state) || !Objects.equals(published.band(), band);
                    if (actOn && changed && (state != null || band != null)) {
                        publisher
                                .publish(new StatePublisher.StateChange(
                                        tenant,
                                        customerId,
                                        state,
                                        published.state(),
                                        built.health().overall(),
                                        band))
                                .chain(() -> states.published(tenant, customerId, state, band))
                                .subscribe()
                                .with(
                                        ignored -> {},
                                        failure -> Log.warnf(
                                                "Exit state of %s/%s not published yet (retried with the next view): %s",
                                                tenant, customerId, failure));
                    }
                })
                .replaceWithVoid();
    }
}
