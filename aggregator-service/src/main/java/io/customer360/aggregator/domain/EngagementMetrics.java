package io.customer360.aggregator.domain;

import io.customer360.common.contract.profile.ContactsSection;
import io.customer360.common.contract.profile.EngagementSection;

/** The engagement_metrics provider's answer: profile-service's engagement and contacts sections. */
public record EngagementMetrics(EngagementSection engagement, ContactsSection contacts) {}
