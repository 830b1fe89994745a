package io.customer360.aggregator.service.insight;

import io.customer360.aggregator.config.AggregatorConfig;
import java.util.List;

/** The documented defaults of the thresholds, as plain objects for tests without a running application. */
final class DefaultThresholds {

    private DefaultThresholds() {}

    static final AggregatorConfig.Risks RISKS = new AggregatorConfig.Risks() {
        @Override
        public int usageDeclinePercent() {
            return -20;
        }

        @Override
        public int noMeetingDays() {
            return 45;
        }

        @Override
        public int openP1Tickets() {
            return 2;
        }

        @Override
        public int championInactiveDays() {
            return 30;
        }

        @Override
        public int invoiceOverdueDays() {
            return 30;
        }

        @Override
        public int renewalWindowDays() {
            return 90;
        }

        @Override
        public int renewalNoEngagementDays() {
            return 30;
        }
    };

    static final AggregatorConfig.Routing ROUTING = new AggregatorConfig.Routing() {
        @Override
        public int atRiskBelow() {
            return 60;
        }

        @Override
        public int expansionAbove() {
            return 75;
        }

        @Override
        public List<String> criticalSeverities() {
            return List.of("critical");
        }

        @Override
        public double expansionSeatUtilization() {
            return 0.9;
        }

        @Override
        public int renewalApproachingDays() {
            return 90;
        }

        @Override
        public List<String> qbrMeetingTypes() {
            return List.of("qbr");
        }

        @Override
        public int minorConcernBelow() {
            return 70;
        }
    };
}
