package io.customer360.aggregator.view;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.customer360.aggregator.accuracy.InsightAccuracy;
import io.customer360.aggregator.config.AggregatorConfig;
import io.customer360.aggregator.domain.Customer360;
import io.customer360.aggregator.messaging.StatePublisher;
import io.customer360.aggregator.provider.ContextFanOut;
import io.customer360.aggregator.provider.ProviderRegistry;
import io.customer360.aggregator.store.AccessAudit;
import io.customer360.aggregator.store.AccountStates;
import io.customer360.aggregator.trigger.SkillTriggers;
import io.customer360.aggregator.trigger.ViewTriggerRules;
import io.customer360.common.api.CustomerIds;
import io.customer360.common.api.ProblemException;
import io.customer360.common.auth.Roles;
import io.customer360.common.auth.TenantContext;
import io.quarkus.logging.Log;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The 360 view of one customer for the caller: from the cache, else built by {@link ViewBuilder} from the agent's
 * context providers run in parallel. A view built from complete evidence (every input of the insights answered)
 * records the day's health, the open actions and the exit state after answering, and publishes a change of state.
 * Every access is audited, including the ones that find nothing (404) or fail (503); a view is answered only once its
 * audit row is committed (AccessAudit), so a crash right after the answer still leaves the row.
 */
@ApplicationScoped
public class Customer360Service {

    private final ProviderRegistry registry;
    private final ContextFanOut fanOut;
    private final ViewBuilder builder;
    private final ViewCache cache;
    private final AccountStates states;
    private final StatePublisher publisher;
    private final AccessAudit audit;
    private final TenantContext tenantContext;
    private final SecurityIdentity identity;
    private final ObjectMapper mapper;
    private final VisibilityRules visibility;
    private final SkillTriggers skillTriggers;
    private final AggregatorConfig config;
    private final InsightAccuracy accuracy;

    Customer360Service(ProviderRegistry registry, ContextFanOut fanOut, ViewBuilder builder, ViewCache cache,
            AccountStates states, StatePublisher publisher, AccessAudit audit, TenantContext tenantContext,
            SecurityIdentity identity, ObjectMapper mapper, VisibilityRules visibility, SkillTriggers skillTriggers,
            AggregatorConfig config, InsightAccuracy accuracy) {
        this.accuracy = accuracy;
        this.visibility = visibility;
        this.skillTriggers = skillTriggers;
        this.config = config;
        this.registry = registry;
        this.fanOut = fanOut;
        this.builder = builder;
        this.cache = cache;
        this.states = states;
        this.publisher = publisher;
        this.audit = audit;
        this.tenantContext = tenantContext;
        this.identity = identity;
        this.mapper = mapper;
    }

    /** The view as JSON, as the REST API serves it (a cache hit is served as stored). */
    public Uni<String> viewJson(String customerId, ViewOptions options) {
        return resolve(customerId, options).map(ResolvedView::json);
    }

    /** The view as an object, for the context pack and MCP. */
    public Uni<Customer360> view(String customerId, ViewOptions options) {
        return resolve(customerId, options).map(resolved -> {
            if (resolved.view() != null) {
                return resolved.view();
            }
            try {
                return mapper.readValue(resolved.json(), Customer360.class);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("A cached view is not readable", e);
            }
        });
    }

    private record ResolvedView(String json, Customer360 view) {
    }

    private Uni<ResolvedView> resolve(String customerId, ViewOptions options) {
        String tenant = tenantContext.tenant();
        String subject = identity.getPrincipal().getName();
        String purpose = purpose(options.purpose());
        String agent;
        String focus;
        try {
            CustomerIds.require(customerId);
            agent = registry.agent(options.agent());
            focus = Focus.parse(options.focus());
        } catch (ProblemException invalid) {
            return audit.record(tenant, customerId, subject, options.agent(), purpose, options.channel(),
                    invalid.problem().status(), null).onFailure().recoverWithNull().chain(() -> Uni.createFrom().failure(invalid));
        }
        boolean sensitive = tenantContext.hasRole(Roles.SENSITIVE);
        List<VisibilityRules.Rule> hidden = visibility.withheldFrom(tenantContext::hasRole);
        String variant = agent + "|" + (focus == null ? "" : focus) + "|" + (sensitive ? "s" : "-") + "|"
                + String.join(",", hidden.stream().map(VisibilityRules.Rule::name).toList());
        // the audit row is committed before the view is answered (AccessAudit): a view that cannot be audited is a 503
        return cache.get(tenant, customerId, variant).chain(cached -> {
            if (cached != null) {
                return audit.record(tenant, customerId, subject, agent, purpose, options.channel(), 200,
                        blankToNull(cached.redactions())).replaceWith(new ResolvedView(cached.json(), null));
            }
            return build(tenant, customerId, agent, focus, hidden)
                    .map(view -> new ResolvedView(json(view), view))
                    .onFailure(ProblemException.class).call(failure -> audit.record(tenant, customerId, subject, agent,
                            purpose, options.channel(), ((ProblemException) failure).problem().status(), null)
                            .onFailure().recoverWithNull())
                    .call(resolved -> {
                        List<String> withheld = resolved.view().guardrails().redactions();
                        String redactions = withheld.isEmpty() ? null : String.join(",", withheld);
                        // both at once; the cache write never fails (ViewCache), so a failure is the audit's
                        return Uni.combine().all().unis(
                                        audit.record(tenant, customerId, subject, agent, purpose, options.channel(), 200, redactions),
                                        cache.put(tenant, customerId, variant, resolved.json(), redactions, partial(resolved.view())))
                                .discardItems();
                    });
        });
    }

    private Uni<Customer360> build(String tenant, String customerId, String agent, String focus,
            List<VisibilityRules.Rule> withheld) {
        Instant now = Instant.now();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        Uni<AccountStates.Prior> prior = registry.assessesHealth(agent) ? states.load(tenant, customerId, today)
                : Uni.createFrom().item(AccountStates.Prior.NONE);
        return Uni.combine().all().unis(fanOut.run(customerId, registry.fetchers(agent)), prior).asTuple()
                .chain(both -> {
                    var results = both.getItem1();
                    if (results.anyNotFound()) {
                        return Uni.createFrom().failure(ProblemException.notFound("Customer", customerId));
                    }
                    // profile-service down (no profile provider answered) is still a view: every section it feeds
                    // is marked unavailable with the reason, and nothing is scored or recorded from it
                    ViewBuilder.Built built = builder.build(customerId, agent, focus, results, both.getItem2(), now);
                    if (built.recordable()) {
                        // off the response's path: the view does not depend on it, and a failure is retried by the next view
                        record(tenant, customerId, today, built).subscribe().with(ignored -> { }, failure -> Log.warnf(
                                "State of %s/%s not recorded: %s", tenant, customerId, failure.toString()));
                    }
                    // recorded in full above (health, state), shown to this caller without what it may not see; the
                    // segments are unknown (null) when the profile did not answer: then every rule withheld applies
                    JsonNode intelligence = results.data("customer_intelligence");
                    Set<String> segments = intelligence == null ? null : VisibilityRules.segmentsOf(intelligence.path("profile"));
                    return Uni.createFrom().item(visibility.apply(built.view(), withheld, segments));
                });
    }

    /**
     * Stores the day's health, actions and state; fires the skills a changed state or a health decline triggers,
     * records the insights emitted (accuracy) and publishes a changed state, without holding up the view.
     */
    private Uni<Void> record(String tenant, String customerId, LocalDate today, ViewBuilder.Built built) {
        String state = built.view().exitState();
        String band = built.health().band();
        return states.record(tenant, customerId, today, built.health(), built.openActions(), state)
                .call(published -> skillTriggers.fire(ViewTriggerRules.triggers(tenant, customerId,
                        !Objects.equals(published.state(), state), state, built.triggers(), published.previousScore(),
                        built.health().overall(), today, Instant.now(), config.triggers()))
                        .onFailure().invoke(failure -> Log.warnf("Skill triggers of %s/%s not stored (the next view decides again): %s",
                                tenant, customerId, failure.toString()))
                        .onFailure().recoverWithNull())
                .call(() -> accuracy.emitted(tenant, built.view(), Instant.now())
                        .onFailure().invoke(failure -> Log.warnf("Insights of %s/%s not recorded for accuracy: %s",
                                tenant, customerId, failure.toString()))
                        .onFailure().recoverWithNull())
                .invoke(published -> {
                    boolean changed = !Objects.equals(published.state(), state) || !Objects.equals(published.band(), band);
                    if (changed && (state != null || band != null)) {
                        publisher.publish(new StatePublisher.StateChange(tenant, customerId, state, published.state(),
                                        built.health().overall(), band))
                                .chain(() -> states.published(tenant, customerId, state, band))
                                .subscribe().with(ignored -> { }, failure -> Log.warnf(
                                        "Exit state of %s/%s not published yet (retried with the next view): %s", tenant, customerId, failure));
                    }
                })
                .replaceWithVoid();
    }

    /** A provider failed or ran late (a source that does not know the customer has answered). */
    private static boolean partial(Customer360 view) {
        return view.providers().values().stream().anyMatch(report -> report.status().equals("failed")
                || report.status().equals("timed_out"));
    }

    private String json(Customer360 view) {
        try {
            return mapper.writeValueAsString(view);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("The view cannot be written as JSON", e);
        }
    }

    /** The stated purpose as audited: trimmed, control characters dropped, at most 200 characters. */
    static String purpose(String stated) {
        if (stated == null || stated.isBlank()) {
            return null;
        }
        String clean = stated.replaceAll("\\p{Cntrl}", "").strip();
        return clean.length() > 200 ? clean.substring(0, 200) : clean;
    }

    private static String blankToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
