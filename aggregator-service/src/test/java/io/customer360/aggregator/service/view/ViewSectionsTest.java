package io.customer360.aggregator.service.view;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.customer360.aggregator.domain.CustomerIntelligence;
import io.customer360.aggregator.domain.EngagementMetrics;
import io.customer360.aggregator.service.insight.AccountFacts;
import io.customer360.common.contract.profile.SalesSection;
import io.customer360.common.contract.profile.UsageSection;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The view's sections field by field against hand-computed fixtures (docs/view-fields.md): usage from every source,
 * responsiveness, the sponsor's sentiment, the champion's engagement and risk flag, the inferred account executive,
 * the lifecycle stage and the CS platform's health events.
 */
class ViewSectionsTest {

    private static final Instant NOW = Instant.parse("2026-06-15T12:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

    private static String ago(int days) {
        return NOW.minus(Duration.ofDays(days)).toString();
    }

    private static ObjectNode json(String text) {
        try {
            return (ObjectNode) JSON.readTree(text.replace('\'', '"'));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static AccountFacts facts(
            ObjectNode intelligence, ObjectNode engagement, ObjectNode usage, ObjectNode sales) {
        return new AccountFacts(
                intelligence == null ? null : JSON.convertValue(intelligence, CustomerIntelligence.class),
                null,
                null,
                engagement == null ? null : JSON.convertValue(engagement, EngagementMetrics.class),
                usage == null ? null : JSON.convertValue(usage, UsageSection.class),
                sales == null ? null : JSON.convertValue(sales, SalesSection.class),
                NOW);
    }

    /** A champion and a sponsor with their last activity (null: none), a meeting and a touchpoint (null: none). */
    private static ObjectNode engagement(
            Integer championActive, String championActivity, Integer meetingAgo, Integer touchpointAgo) {
        ObjectNode node = json("{'engagement':{'meetingsLast90Days':1,'nps':{'latest':10,'responses':3,'answers':["
                + "{'score':10,'respondent':'someone@else.com','answeredAt':'" + ago(1) + "','eventId':'e1'},"
                + "{'score':8,'respondent':'JW@acme.com','answeredAt':'" + ago(5) + "','eventId':'e2'},"
                + "{'score':3,'respondent':'c2','answeredAt':'" + ago(40) + "','eventId':'e3'}]}},"
                + "'contacts':{'champions':[],'executiveSponsors':[],'contacts':[]}}");
        ObjectNode section = (ObjectNode) node.get("engagement");
        if (meetingAgo != null) {
            section.put("lastMeetingAt", ago(meetingAgo));
        }
        if (touchpointAgo != null) {
            section.put("lastTouchpointAt", ago(touchpointAgo));
        }
        ObjectNode champion = json("{'id':'c1','name':'David Kim','title':'Director of Analytics','role':'champion',"
                + "'status':'active','firstSeenAt':'" + ago(400) + "','lastChangedAt':'" + ago(1) + "','eventIds':[]}");
        if (championActive != null) {
            champion.put("lastActivityAt", ago(championActive)).put("lastActivityType", championActivity);
        }
        ObjectNode sponsor = json("{'id':'c2','name':'Jennifer Wu','title':'VP Operations','email':'jw@acme.com',"
                + "'role':'executive_sponsor','status':'active','lastActivityAt':'" + ago(31) + "',"
                + "'lastActivityType':'meeting','firstSeenAt':'" + ago(400) + "','lastChangedAt':'" + ago(1) + "',"
                + "'eventIds':[]}");
        ObjectNode contacts = (ObjectNode) node.get("contacts");
        contacts.withArray("champions").add(champion);
        contacts.withArray("executiveSponsors").add(sponsor);
        contacts.withArray("contacts").add(champion).add(sponsor);
        return node;
    }

    @Test
    void theChampionsEngagementAndRiskFlagFollowItsLastActivity() {
        JsonNode high = ViewSections.engagementSummary(
                        facts(null, engagement(10, "email_reply", null, null), null, null))
                .get("champion");
        assertThat(high.get("name").asText()).isEqualTo("David Kim");
        assertThat(high.get("engagement").asText()).isEqualTo("high");
        assertThat(high.get("riskFlag").asBoolean()).isFalse();
        JsonNode medium = ViewSections.engagementSummary(facts(null, engagement(30, "email", null, null), null, null))
                .get("champion");
        assertThat(medium.get("engagement").asText()).isEqualTo("medium");
        assertThat(medium.get("riskFlag").asBoolean()).isFalse();
        JsonNode low = ViewSections.engagementSummary(facts(null, engagement(31, "email", null, null), null, null))
                .get("champion");
        assertThat(low.get("engagement").asText()).isEqualTo("low");
        assertThat(low.get("riskFlag").asBoolean()).isTrue();
        JsonNode never = ViewSections.engagementSummary(facts(null, engagement(null, null, null, null), null, null))
                .get("champion");
        assertThat(never.get("engagement").isNull()).isTrue();
        assertThat(never.get("riskFlag").asBoolean()).isTrue();
    }

    @Test
    void theSponsorsSentimentIsTheBandOfItsOwnNewestNpsAnswer() {
        JsonNode sponsor = ViewSections.engagementSummary(facts(null, engagement(10, "email", 20, null), null, null))
                .get("executiveSponsor");
        assertThat(sponsor.get("name").asText()).isEqualTo("Jennifer Wu");
        assertThat(sponsor.get("lastEngagement").asText()).isEqualTo("2026-05-15");
        // the newest answer by the sponsor (email, case ignored) is 8, a passive: neutral; the 10 is someone else's
        // and the 3 (by contact id) is older
        assertThat(sponsor.get("sentiment").asText()).isEqualTo("neutral");
        assertThat(sponsor.get("npsScore").asInt()).isEqualTo(8);
        assertThat(ViewSections.sentiment(new java.math.BigDecimal(9))).isEqualTo("positive");
        assertThat(ViewSections.sentiment(new java.math.BigDecimal(7))).isEqualTo("neutral");
        assertThat(ViewSections.sentiment(new java.math.BigDecimal(6))).isEqualTo("negative");
        assertThat(ViewSections.sentiment(null)).isNull();
        // without an answer of its own: no sentiment
        ObjectNode silent = engagement(10, "email", 20, null);
        ((ObjectNode) silent.get("engagement").get("nps")).putArray("answers");
        assertThat(ViewSections.engagementSummary(facts(null, silent, null, null))
                        .get("executiveSponsor")
                        .get("sentiment")
                        .isNull())
                .isTrue();
    }

    @Test
    void responsivenessIsTheAgeOfTheCustomersNewestResponse() {
        // the champion replied 10 days ago (the sponsor 31, a meeting 20): high
        assertThat(responsiveness(engagement(10, "email_reply", 20, null))).isEqualTo("high");
        // a login is no response: the meeting 20 days ago counts: medium
        assertThat(responsiveness(engagement(2, "login", 20, null))).isEqualTo("medium");
        // the sponsor's meeting activity 31 days ago is the newest response: low
        assertThat(responsiveness(engagement(null, null, null, 5))).isEqualTo("low");
        // neither a response nor outreach on record: unknown
        ObjectNode nothing = engagement(null, null, null, null);
        ((ObjectNode) nothing.get("contacts")).putArray("contacts");
        assertThat(responsiveness(nothing)).isNull();
        // outreach without any response: low
        ObjectNode unanswered = engagement(null, null, null, 3);
        ((ObjectNode) unanswered.get("contacts")).putArray("contacts");
        assertThat(responsiveness(unanswered)).isEqualTo("low");
    }

    private static String responsiveness(ObjectNode engagement) {
        JsonNode value = ViewSections.engagementSummary(facts(null, engagement, null, null))
                .get("responsiveness");
        return value.isNull() ? null : value.asText();
    }

    @Test
    void theAccountExecutiveFromADealOwnerIsMarkedInferredAndTheLifecycleStageIsShown() {
        ObjectNode intelligence = json("{'profile':{'id':'acc_1','name':'Acme Corporation','attributes':"
                + "{'accountOwner':'Sarah Chen','lifecycleStage':'adoption'},'segments':['Enterprise']},"
                + "'success':{'milestones':[],'healthEvents':["
                + "{'eventId':'h1','occurredAt':'" + ago(2) + "','signal':'exec_sponsor_left','severity':'high',"
                + "'score':null,'description':'VP Ops left'},"
                + "{'eventId':'h2','occurredAt':'" + ago(5) + "','signal':'health_drop','severity':'medium',"
                + "'score':62,'description':null}]}}");
        ObjectNode sales = json("{'deals':[{'id':'d1','name':'Renewal','status':'open','owner':'Michael Torres',"
                + "'firstSeenAt':'" + ago(9) + "','lastChangedAt':'" + ago(9) + "','eventIds':[]}]}");
        JsonNode profile = ViewSections.accountProfile(facts(intelligence, null, null, sales));
        assertThat(profile.get("csm").asText()).isEqualTo("Sarah Chen");
        assertThat(profile.get("ae").asText()).isEqualTo("Michael Torres");
        assertThat(profile.get("aeSource").asText()).isEqualTo("inferred_from_deal_owner");
        assertThat(profile.get("lifecycleStage").asText()).isEqualTo("adoption");
        JsonNode none = ViewSections.accountProfile(facts(intelligence, null, null, null));
        assertThat(none.get("ae").isNull()).isTrue();
        assertThat(none.get("aeSource").isNull()).isTrue();

        JsonNode plan = ViewSections.successPlan(facts(intelligence, null, null, null));
        // the newest event that carried a score
        assertThat(plan.get("csHealthScore").asInt()).isEqualTo(62);
        assertThat(plan.get("csHealthScoreAt").asText()).isEqualTo(ago(5));
        assertThat(plan.get("healthEvents")).hasSize(2);
        assertThat(plan.get("healthEvents").get(0).get("signal").asText()).isEqualTo("exec_sponsor_left");
        assertThat(plan.get("healthEvents").get(0).get("severity").asText()).isEqualTo("high");
        assertThat(plan.get("healthEvents").get(0).get("score").isNull()).isTrue();
        assertThat(plan.get("healthEvents").get(1).get("score").asInt()).isEqualTo(62);
    }

    @Test
    void usageComesFromEverySource() {
        // people by id: 10 in 7 days, 40 in 30, 30 in the 30 before, 5 power users, 3 at risk, 1.5 features each;
        // reports: 12 yesterday, 50 ten days ago; 3 features used and 2 entitled unused
        ObjectNode usage = json("{'sessionsLast30Days':0,'sessionsPrevious30Days':0,'activeUsersLast30Days':0,"
                + "'features':[{'feature':'Dashboard','usesLast90Days':9,'users':3},{'feature':'Reports',"
                + "'usesLast90Days':5,'users':2},{'feature':'API','usesLast90Days':1,'users':1}],"
                + "'unusedEntitledFeatures':['Automations','Integrations'],"
                + "'dailyActiveUsers':[{'id':'2026-06-14','count':12,'date':'2026-06-14'},"
                + "{'id':'2026-06-05','count':50,'date':'2026-06-05T00:00:00Z'}],"
                + "'users':{'last7Days':10,'last30Days':40,'previous30Days':30,'powerUsers':5,'atRiskUsers':3,"
                + "'featuresPerUser':1.5,'daily':[{'date':'2026-06-15','users':6},{'date':'2026-06-14','users':8},"
                + "{'date':'2026-06-12','users':4}]}}");
        JsonNode section = ViewSections.usageSummary(facts(null, null, usage, null));
        // max(40, 50)
        assertThat(section.get("mau").asLong()).isEqualTo(50);
        // 50 against max(30, no report): above 30 × 1.1
        assertThat(section.get("mauTrend").asText()).isEqualTo("growing");
        assertThat(section.get("previousMau").asLong()).isEqualTo(30);
        // max(10, 12)
        assertThat(section.get("wau").asLong()).isEqualTo(12);
        // (6 + max(8, 12) + 4) / 7 = 3.142857
        assertThat(section.get("dau").asDouble()).isEqualTo(3.14);
        assertThat(section.get("dauWauRatio").asDouble()).isEqualTo(0.26);
        // 1.5 features per active user of 5
        assertThat(section.get("usageDepth").asDouble()).isEqualTo(0.3);
        assertThat(section.get("powerUsers").asLong()).isEqualTo(5);
        assertThat(section.get("atRiskUsers").asLong()).isEqualTo(3);
        assertThat(section.get("topFeatures").toString()).isEqualTo("[\"Dashboard\",\"Reports\",\"API\"]");
        assertThat(section.get("underutilized").toString()).isEqualTo("[\"Automations\",\"Integrations\"]");
    }
}
