package io.customer360.aggregator.service.view;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.customer360.aggregator.service.insight.AccountFacts;
import io.customer360.aggregator.service.insight.SupportSla;
import io.customer360.common.contract.profile.SalesSection;
import io.customer360.common.contract.profile.SubscriptionSection;
import io.customer360.common.contract.profile.SupportSection;
import io.customer360.common.contract.profile.UsageSection;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The view's support SLA and commercial fields by value (issue 21; docs/view-fields.md#support-sla and
 * #commercial). Now is 2026-06-15T12:00:00Z.
 */
class SupportSlaAndCommercialSectionsTest {

    private static final Instant NOW = Instant.parse("2026-06-15T12:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

    private static ObjectNode json(String text) {
        try {
            return (ObjectNode) JSON.readTree(text.replace('\'', '"'));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static AccountFacts facts(ObjectNode subscription, ObjectNode support, ObjectNode usage, ObjectNode sales) {
        return new AccountFacts(
                null,
                subscription == null ? null : JSON.convertValue(subscription, SubscriptionSection.class),
                support == null ? null : JSON.convertValue(support, SupportSection.class),
                null,
                usage == null ? null : JSON.convertValue(usage, UsageSection.class),
                sales == null ? null : JSON.convertValue(sales, SalesSection.class),
                NOW);
    }

    @Test
    void supportSummaryJudgesOpenAndRecentlyResolvedTicketsAgainstTheSla() {
        // T1 P1 open since 09:00, unanswered: first response due 10:00, 120 min late; resolution due 13:00, pending.
        // T3 P3 opened 5 days ago, answered 10 h later (due after 8 h: 120 min late), resolved 2 days later (met).
        ObjectNode support = json("""
                {'totalTickets': 2, 'openTickets': 1, 'averageFirstResponseHours': 5.5,
                 'open': [{'id': 'T1', 'priority': 'P1', 'status': 'open', 'openedAt': '2026-06-15T09:00:00Z',
                           'firstSeenAt': '2026-06-15T09:00:00Z', 'lastChangedAt': '2026-06-15T09:00:00Z',
                           'eventIds': ['evt_t1']}],
                 'recentlyResolved': [{'id': 'T3', 'priority': 'P3', 'status': 'resolved',
                           'openedAt': '2026-06-10T12:00:00Z', 'firstResponseAt': '2026-06-10T22:00:00Z',
                           'resolvedAt': '2026-06-12T12:00:00Z', 'firstSeenAt': '2026-06-10T12:00:00Z',
                           'lastChangedAt': '2026-06-12T12:00:00Z', 'eventIds': ['evt_t3']}]}""");
        AccountFacts facts = facts(null, support, null, null);
        SupportSla sla = SupportSla.withDefaults();

        ObjectNode summary = ViewSections.supportSummary(facts, sla, sla.judge(facts));

        assertThat(summary.get("avgFirstResponseHours").doubleValue()).isEqualTo(5.5);
        JsonNode slaNode = summary.get("sla");
        assertThat(slaNode.get("targets")).hasToString(json("""
                        {'P1': {'firstResponseHours': 1.0, 'resolutionHours': 4.0},
                         'P2': {'firstResponseHours': 4.0, 'resolutionHours': 24.0},
                         'P3': {'firstResponseHours': 8.0, 'resolutionHours': 72.0},
                         'P4': {'firstResponseHours': 24.0, 'resolutionHours': 168.0}}""").toString());
        assertThat(slaNode.get("ticketsJudged").asInt()).isEqualTo(2);
        assertThat(slaNode.get("ticketsBreached").asInt()).isEqualTo(2);
        assertThat(slaNode.get("firstResponseBreaches").asInt()).isEqualTo(2);
        assertThat(slaNode.get("resolutionBreaches").asInt()).isEqualTo(0);
        assertThat(slaNode.get("openPastTarget").asInt()).isEqualTo(1);
        assertThat(slaNode.get("tickets")).hasToString(json("""
                                {'list': [
                                 {'ticketId': 'T1', 'priority': 'P1', 'status': 'open', 'openedAt': '2026-06-15T09:00:00Z',
                                  'firstResponse': {'targetHours': 1.0, 'dueAt': '2026-06-15T10:00:00Z', 'at': null,
                                                    'state': 'breached', 'minutesLate': 120},
                                  'resolution': {'targetHours': 4.0, 'dueAt': '2026-06-15T13:00:00Z', 'at': null,
                                                 'state': 'pending', 'minutesLate': null},
                                  'breached': true},
                                 {'ticketId': 'T3', 'priority': 'P3', 'status': 'resolved', 'openedAt': '2026-06-10T12:00:00Z',
                                  'firstResponse': {'targetHours': 8.0, 'dueAt': '2026-06-10T20:00:00Z',
                                                    'at': '2026-06-10T22:00:00Z', 'state': 'breached', 'minutesLate': 120},
                                  'resolution': {'targetHours': 72.0, 'dueAt': '2026-06-13T12:00:00Z',
                                                 'at': '2026-06-12T12:00:00Z', 'state': 'met', 'minutesLate': null},
                                  'breached': true}]}""").get("list").toString());
    }

    private static ObjectNode subscription(String autoRenew) {
        return json("""
                {'subscription': {'id': 'primary', 'status': 'active', 'billingCycle': 'annual',
                                  'startedAt': '2025-07-01T00:00:00Z', 'contractEndDate': '2026-06-30T00:00:00Z',
                                  AUTO_RENEW 'seatsTotal': 250, 'seatsUsed': 245, 'apiCallsIncluded': 100000,
                                  'features': ['sso', 'api'], 'firstSeenAt': '2025-07-01T00:00:00Z',
                                  'lastChangedAt': '2026-06-01T00:00:00Z', 'eventIds': ['evt_sub']},
                 'seats': {'total': 250, 'used': 245, 'utilization': 0.98},
                 'billing': {'arr': 180000, 'arrSource': 'reported', 'currency': 'USD',
                             'contractEndDate': '2026-06-30T00:00:00Z'},
                 'paymentHealth': {'openInvoices': 2, 'overdueInvoices': 1, 'overdueAmount': 500,
                                   'failedPaymentsLast90Days': 1},
                 'creditBalance': 0,
                 'recentInvoices': [
                   {'id': 'INV-3', 'status': 'overdue', 'amount': 500, 'currency': 'USD', 'dueDate': '2026-06-05T00:00:00Z'},
                   {'id': 'INV-1', 'status': 'open', 'amount': 15000, 'currency': 'USD', 'dueDate': '2026-07-05T00:00:00Z'},
                   {'id': 'INV-2', 'status': 'open', 'amount': 350.5, 'currency': 'USD', 'dueDate': '2026-06-20T00:00:00Z'},
                   {'id': 'INV-4', 'status': 'paid', 'amount': 15000, 'currency': 'USD', 'dueDate': '2026-06-01T00:00:00Z'}],
                 'recentPayments': [
                   {'id': 'pay_3', 'status': 'failed', 'method': 'card', 'lastChangedAt': '2026-06-13T08:00:00Z'},
                   {'id': 'pay_2', 'status': 'succeeded', 'method': 'ach', 'lastChangedAt': '2026-06-01T09:30:00Z'},
                   {'id': 'pay_1', 'status': 'succeeded', 'method': 'card', 'lastChangedAt': '2026-05-01T09:30:00Z'}]}""".replace("AUTO_RENEW", autoRenew == null ? "" : "'autoRenew': " + autoRenew + ","));
    }

    @Test
    void commercialSummaryFieldByField() {
        // 253 active users on 250 seats; 360,000 API calls in 90 days (120,000 a month, 100,000 included);
        // an open expansion deal; sandbox asked for twice (not in the plan), sso once (in the plan)
        ObjectNode usage = json("""
                {'users': {'last30Days': 253}, 'features': [{'feature': 'api', 'usesLast90Days': 360000, 'users': 3}]}""");
        ObjectNode sales = json("""
                {'deals': [{'id': 'd1', 'name': 'Add 20 seats', 'status': 'open', 'dealType': 'expansion', 'amount': 24000}],
                 'featureRequests': [{'feature': 'sandbox', 'requests': 2, 'lastRequestedAt': '2026-06-10T00:00:00Z',
                                      'eventIds': ['evt_r1', 'evt_r2']},
                                     {'feature': 'SSO', 'requests': 1, 'lastRequestedAt': '2026-06-09T00:00:00Z',
                                      'eventIds': ['evt_r3']}]}""");

        ObjectNode commercial = ViewSections.commercialSummary(facts(subscription("false"), null, usage, sales));

        assertThat(commercial.get("arr").asInt()).isEqualTo(180000);
        assertThat(commercial.get("contract")).hasToString(json("""
                        {'type': 'Annual', 'startDate': '2025-07-01', 'endDate': '2026-06-30', 'daysToRenewal': 14,
                         'autoRenew': false}""").toString());
        // the newest succeeded payment (pay_3 failed); the open invoice due first (INV-3 is overdue, INV-4 paid)
        assertThat(commercial.get("billing")).hasToString(json("""
                        {'status': 'overdue', 'lastPayment': '2026-06-01', 'paymentMethod': 'ach',
                         'nextInvoice': {'invoiceId': 'INV-2', 'amount': 350.5, 'currency': 'USD', 'dueDate': '2026-06-20'}}""").toString());
        // 180,000 / 250 = 720 a seat; 253 − 250 = 3 waiting
        assertThat(commercial.get("expansion")).hasToString(json("""
                        {'currentSeats': 250, 'usedSeats': 245, 'seatUtilization': 0.98, 'usersWaitingForSeats': 3,
                         'pricePerSeat': 720, 'potentialUpsell': ['Add 20 seats', 'sandbox', 'API capacity']}""").toString());
    }

    @Test
    void autoRenewIsWhatTheSourceSaidOrNull() {
        assertThat(ViewSections.commercialSummary(facts(subscription("true"), null, null, null))
                        .at("/contract/autoRenew")
                        .asBoolean())
                .isTrue();
        JsonNode unreported = ViewSections.commercialSummary(facts(subscription(null), null, null, null));
        assertThat(unreported.at("/contract/autoRenew").isNull()).isTrue();
        // no usage: nobody is known to wait for a seat
        assertThat(unreported.at("/expansion/usersWaitingForSeats").isNull()).isTrue();
    }
}
