package io.customer360.aggregator.service.view;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.customer360.aggregator.domain.Customer360;
import io.customer360.aggregator.domain.CustomerIntelligence;
import io.customer360.aggregator.service.provider.ProviderRegistry;
import io.customer360.aggregator.store.AccessAudit;
import io.customer360.aggregator.store.ViewCache;
import io.customer360.common.api.CustomerIds;
import io.customer360.common.api.ProblemException;
import io.customer360.common.auth.Roles;
import io.customer360.common.auth.TenantContext;
import io.customer360.common.nats.NatsTracing;
import io.opentelemetry.api.trace.Span;
import io.quarkus.logging.Log;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The 360 view of one customer for the caller: from the cache, else built by {@link ViewBuilder} from the agent's
 * context providers run in parallel ({@link ViewAssembler}). A view built from complete evidence (every input of the
 * insights answered) is handed to {@link ViewRecorder}, off the answer's path: this service builds, audits and answers.
 * Every access is audited, including the ones that find nothing (404) or fail (503); a view is answered only once its
 * audit row is committed (AccessAudit), so a crash right after the answer still leaves the row.
 */
@ApplicationScoped
public class Customer360Service {

    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");

    private final ProviderRegistry registry;
    private final ViewAssembler assembler;
    private final ViewRecorder recorder;
    private final ViewCache cache;
    private final AccessAudit audit;
    private final TenantContext tenantContext;
    private final SecurityIdentity identity;
    private final ObjectMapper mapper;
    private final VisibilityRules visibility;

    Customer360Service(
            ProviderRegistry registry,
            ViewAssembler assembler,
            ViewRecorder recorder,
            ViewCache cache,
            AccessAudit audit,
            TenantContext tenantContext,
            SecurityIdentity identity,
            ObjectMapper mapper,
            VisibilityRules visibility) {
        this.registry = registry;
        this.assembler = assembler;
        this.recorder = recorder;
        this.visibility = visibility;
        this.cache = cache;
        this.audit = audit;
        this.tenantContext = tenantContext;
        this.identity = identity;
        this.mapper = mapper;
    }

    /**
     * The view as the REST API serves it: its JSON as UTF-8 bytes, a cache hit as stored (neither parsed nor written
     * again), a view built now as written once for both the answer and the cache.
     */
    public Uni<byte[]> viewBytes(String customerId, ViewOptions options) {
        return resolve(customerId, options).map(ResolvedView::json);
    }

    /** The same as text (MCP, console). */
    public Uni<String> viewJson(String customerId, ViewOptions options) {
        return viewBytes(customerId, options).map(json -> new String(json, StandardCharsets.UTF_8));
    }

    /** The view as an object, for the context pack and MCP. */
    public Uni<Customer360> view(String customerId, ViewOptions options) {
        return resolve(customerId, options).map(resolved -> {
            if (resolved.view() != null) {
                return resolved.view();
            }
            try {
                return mapper.readValue(resolved.json(), Customer360.class);
            } catch (java.io.IOException e) {
                throw new IllegalStateException("A cached view is not readable", e);
            }
        });
    }

    private record ResolvedView(byte[] json, Customer360 view) {}

    private Uni<ResolvedView> resolve(String customerId, ViewOptions options) {
        String tenant = tenantContext.tenant();
        // the request's span: the view's tenant, cache outcome and, when built now, the events it shows (ViewTracing)
        Span span = Span.current().setAttribute(NatsTracing.TENANT, tenant);
        String subject = identity.getPrincipal().getName();
        String purpose = purpose(options.purpose());
        String agent;
        String focus;
        try {
            CustomerIds.require(customerId);
            agent = registry.agent(options.agent());
            focus = Focus.parse(options.focus());
        } catch (ProblemException invalid) {
            return audit.record(
                            tenant,
                            customerId,
                            subject,
                            options.agent(),
                            purpose,
                            options.channel(),
                            invalid.problem().status(),
                            null)
                    .onFailure()
                    .recoverWithNull()
                    .chain(() -> Uni.createFrom().failure(invalid));
        }
        boolean sensitive = tenantContext.hasRole(Roles.SENSITIVE);
        List<VisibilityRules.Rule> hidden = visibility.withheldFrom(tenantContext::hasRole);
        String variant = agent + "|" + (focus == null ? "" : focus) + "|" + (sensitive ? "s" : "-") + "|"
                + String.join(
                        ",", hidden.stream().map(VisibilityRules.Rule::name).toList());
        // the audit row is committed before the view is answered (AccessAudit): a view that cannot be audited is a 503
        return cache.get(tenant, customerId, variant).chain(lookup -> {
            ViewCache.Cached cached = lookup.hit();
            span.setAttribute(ViewTracing.CACHE, cached != null ? "hit" : lookup.absent() ? "absent" : "miss");
            if (lookup.absent()) {
                // profile-service did not know the customer, and nothing changed it since (ViewCache.putAbsent)
                return audit.record(tenant, customerId, subject, agent, purpose, options.channel(), 404, null)
                        .onFailure()
                        .recoverWithNull()
                        .chain(() -> Uni.createFrom().failure(ProblemException.notFound("Customer", customerId)));
            }
            if (cached != null) {
                return audit.record(
                                tenant,
                                customerId,
                                subject,
                                agent,
                                purpose,
                                options.channel(),
                                200,
                                blankToNull(cached.redactions()))
                        .replaceWith(new ResolvedView(cached.body(), null));
            }
            return build(tenant, customerId, agent, focus, hidden, span)
                    .map(view -> new ResolvedView(json(view), view))
                    .onFailure(ViewAssembler.UnknownCustomer.class)
                    .call(() -> cache.putAbsent(tenant, customerId, lookup.generation()))
                    .onFailure(ProblemException.class)
                    .call(failure -> audit.record(
                                    tenant,
                                    customerId,
                                    subject,
                                    agent,
                                    purpose,
                                    options.channel(),
                                    ((ProblemException) failure).problem().status(),
                                    null)
                            .onFailure()
                            .recoverWithNull())
                    .call(resolved -> {
                        List<String> withheld = resolved.view().guardrails().redactions();
                        String redactions = withheld.isEmpty() ? null : String.join(",", withheld);
                        // both at once; the cache write never fails (ViewCache), so a failure is the audit's
                        return Uni.combine()
                                .all()
                                .unis(
                                        audit.record(
                                                tenant,
                                                customerId,
                                                subject,
                                                agent,
                                                purpose,
                                                options.channel(),
                                                200,
                                                redactions),
                                        cache.put(
                                                tenant,
                                                customerId,
                                                lookup.generation(),
                                                variant,
                                                resolved.json(),
                                                redactions,
                                                partial(resolved.view())))
                                .discardItems();
                    });
        });
    }

    private Uni<Customer360> build(
            String tenant,
            String customerId,
            String agent,
            String focus,
            List<VisibilityRules.Rule> withheld,
            Span span) {
        Instant now = Instant.now();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        return assembler.assemble(tenant, customerId, agent, focus, now).map(assembled -> {
            ViewBuilder.Built built = assembled.built();
            ViewTracing.built(span, tenant, assembled.results());
            if (built.recordable()) {
                // off the response's path: the view does not depend on it, and a failure is retried by the next view
                recorder.record(tenant, customerId, today, built)
                        .subscribe()
                        .with(
                                ignored -> {},
                                failure -> Log.warnf(
                                        "State of %s/%s not recorded: %s", tenant, customerId, failure.toString()));
            }
            // recorded in full above (health, state), shown to this caller without what it may not see; the
            // segments are unknown (null) when the profile did not answer: then every rule withheld applies
            CustomerIntelligence intelligence =
                    assembled.results().data("customer_intelligence", CustomerIntelligence.class);
            Set<String> segments = intelligence == null ? null : VisibilityRules.segmentsOf(intelligence.profile());
            return visibility.apply(built.view(), withheld, segments);
        });
    }

    /** A provider failed or ran late (a source that does not know the customer has answered). */
    private static boolean partial(Customer360 view) {
        return view.providers().values().stream()
                .anyMatch(report ->
                        report.status().equals("failed") || report.status().equals("timed_out"));
    }

    private byte[] json(Customer360 view) {
        try {
            return mapper.writeValueAsBytes(view);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("The view cannot be written as JSON", e);
        }
    }

    /** The stated purpose as audited: trimmed, control characters dropped, at most 200 characters. */
    static String purpose(String stated) {
        if (stated == null || stated.isBlank()) {
            return null;
        }
        String clean = CONTROL.matcher(stated).replaceAll("").strip();
        return clean.length() > 200 ? clean.substring(0, 200) : clean;
    }

    private static String blankToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
