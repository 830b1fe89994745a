package io.customer360.aggregator.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The aggregator's settings; every threshold the seeds leave open lives here with a documented default. */
@ConfigMapping(prefix = "aggregator")
public interface AggregatorConfig {

    /** Agent type → the context providers its view is built from (the seed's {@code configure_agent}). */
    Map<String, List<String>> agents();

    /** Agent type → the teams whose actions it may recommend (guardrail: only actions within the requester's scope). */
    Map<String, List<String>> scopes();

    Providers providers();

    Cache cache();

    Risks risks();

    Routing routing();

    Staleness staleness();

    Triggers triggers();

    Support support();

    /** The support SLA (docs/view-fields.md#support-sla). */
    interface Support {
        /**
         * Targets by priority ({@code p1} … {@code p4}): {@code aggregator.support.sla.p1.first-response=PT1H},
         * {@code aggregator.support.sla.p1.resolution=PT4H}; a target not set keeps its documented default
         * ({@code SupportSla.DEFAULTS}: P1 1 h / 4 h, P2 4 h / 1 d, P3 8 h / 3 d, P4 1 d / 7 d).
         */
        Map<String, SlaTarget> sla();

        interface SlaTarget {
            Optional<Duration> firstResponse();

            Optional<Duration> resolution();
        }
    }

    /**
     * The seed's Integration Points: which changes trigger which skill. Skills are named as the seed writes them;
     * event types are profile-service's catalog names.
     */
    interface Triggers {
        /** Contact changes that run the stakeholder mapper (CRM: real-time). */
        @WithDefault("contact_added,contact_updated,contact_removed")
        List<String> contactChanges();

        @WithDefault("stakeholder_mapper")
        String stakeholderMapper();

        /** Ticket priorities that run the escalation predictor when a ticket is opened at or raised to one. */
        @WithDefault("P1,P2")
        List<String> escalationPriorities();

        @WithDefault("support_ops/escalation_predictor")
        String escalationPredictor();

        /** Usage events that run the adoption score, once per customer and day of usage (analytics: daily). */
        @WithDefault("session,feature_used,active_users")
        List<String> usageChanges();

        @WithDefault("adoption_score")
        String adoptionScore();

        /** Payment issues that run dunning, once per payment or invoice. */
        @WithDefault("payment_failed,invoice_overdue")
        List<String> paymentIssues();

        @WithDefault("dunning_automation")
        String dunningAutomation();

        /** A health score this many points below the last one recorded runs the red flag detector. */
        @WithDefault("10")
        int healthDeclinePoints();

        @WithDefault("customer_success/red_flag_detector")
        String redFlagDetector();

        /** How often triggers that could not be published yet are published again. */
        @WithDefault("10s")
        Duration republishEvery();
    }

    interface Providers {
        /** Time budget of one provider call; a later answer is dropped and the section marked unavailable. */
        @WithDefault("1s")
        Duration budget();

        /** Per-provider overrides of {@link #budget()}. */
        Map<String, Duration> budgets();

        /** Consecutive failures after which a provider's health check reports DOWN. */
        @WithDefault("5")
        int unhealthyAfterFailures();

        default Duration budgetOf(String provider) {
            return budgets().getOrDefault(provider, budget());
        }
    }

    interface Cache {
        @WithDefault("true")
        boolean enabled();

        /** How long a built view is served from Redis unless an event invalidates it first. */
        @WithDefault("30s")
        Duration ttl();

        /** How long a partial view (a provider failed or ran late) is served before the next caller tries again. */
        @WithDefault("5s")
        Duration partialTtl();

        @WithDefault("c360:agg:")
        String keyPrefix();

        /** The longest a Redis command may take before the view is built without the cache (docs/running.md). */
        @WithDefault("500ms")
        Duration redisTimeout();

        /** After a Redis failure, how long the cache is skipped before one command tries Redis again. */
        @WithDefault("5s")
        Duration redisPause();
    }

    /** The seed's six risk signals (Phase 2), thresholds configurable. */
    interface Risks {
        /** usage_decline: sessions of the last 30 days against the 30 before, in percent; fires strictly below it. */
        @WithDefault("-20")
        int usageDeclinePercent();

        /** engagement_drop: days without a meeting. */
        @WithDefault("45")
        int noMeetingDays();

        /** support_escalation: more open P1 tickets than this. */
        @WithDefault("2")
        int openP1Tickets();

        /** champion_risk: days without activity of a champion. */
        @WithDefault("30")
        int championInactiveDays();

        /** payment_issue: an invoice overdue by more than this many days. */
        @WithDefault("30")
        int invoiceOverdueDays();

        /** contract_concern: renewal within this many days ... */
        @WithDefault("90")
        int renewalWindowDays();

        /** ... and no meeting or touchpoint in this many days. */
        @WithDefault("30")
        int renewalNoEngagementDays();
    }

    /** The predicates of the seed's Phase 4 routing that it leaves open. */
    interface Routing {
        /** IF health_score < this → at_risk. */
        @WithDefault("60")
        int atRiskBelow();

        /** expansion_ready needs health_score > this. */
        @WithDefault("75")
        int expansionAbove();

        /** critical_risk_detected: a risk of one of these severities. */
        @WithDefault("critical")
        List<String> criticalSeverities();

        /** expansion_signals: seat utilization at or above this, or an open expansion/upsell deal. */
        @WithDefault("0.9")
        double expansionSeatUtilization();

        /** renewal_approaching: renewal or contract end within this many days. */
        @WithDefault("90")
        int renewalApproachingDays();

        /** no_qbr_scheduled: no upcoming meeting of one of these types. */
        @WithDefault("qbr")
        List<String> qbrMeetingTypes();

        /** minor_concerns: any risk, or a health dimension below this score. */
        @WithDefault("70")
        int minorConcernBelow();
    }

    /** When a section's newest data is too old (seed guardrails and its Integration Points refresh rates). */
    interface Staleness {
        @WithDefault("7d")
        Duration engagement();

        @WithDefault("24h")
        Duration support();

        /** Analytics refresh daily: stale after 48 h. */
        @WithDefault("48h")
        Duration usage();

        /** Billing refreshes daily: stale after 48 h. */
        @WithDefault("48h")
        Duration commercial();

        /** The CS platform refreshes hourly: success-plan data is stale after 2 h. */
        @WithDefault("2h")
        Duration customerSuccess();

        /** A section missing more than this share of its expected fields is flagged incomplete. */
        @WithDefault("0.2")
        double incompleteAbove();
    }
}
