package io.customer360.aggregator.service.insight;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.customer360.aggregator.domain.insight.Action;
import io.customer360.aggregator.domain.insight.Evidence;
import io.customer360.aggregator.domain.insight.Risk;
import io.customer360.aggregator.domain.insight.Severity;
import io.customer360.common.contract.profile.Contact;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Actions reach contacts only through channels they accept: another channel, another contact, or no action. */
class ContactPreferencesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LocalDate TODAY = LocalDate.parse("2026-06-15");
    /** An engagement drop: "Schedule an account check-in" asks the champion first, by call, then meeting, then email. */
    private static final List<ActionPlanner.Candidate> CHECK_IN = ActionPlanner.candidates(
            List.of(Risk.of(
                    "engagement_drop",
                    Severity.MEDIUM,
                    "signal",
                    "recommendation",
                    Evidence.OBSERVED,
                    List.of("evt_1"))),
            List.of(),
            new ExitDecision(null, List.of()));

    private static ObjectNode contactJson(String id, String name, String role, String... optedOut) {
        ObjectNode contact = JSON.createObjectNode()
                .put("id", id)
                .put("name", name)
                .put("role", role)
                .put("status", "active");
        List.of(optedOut).forEach(contact.putArray("optedOutChannels")::add);
        return contact;
    }

    /** A contact as the REST client reads profile-service's JSON. */
    private static Contact contact(String id, String name, String role, String... optedOut) {
        return JSON.convertValue(contactJson(id, name, role, optedOut), Contact.class);
    }

    private static Action plan(ContactPreferences.Reached reached) {
        return ActionPlanner.plan(reached.candidates(), null, null, Map.of(), TODAY)
                .get(0);
    }

    @Test
    void aContactReachableByThePreferredChannelGetsIt() {
        ContactPreferences.Reached reached =
                ContactPreferences.apply(CHECK_IN, List.of(contact("c1", "Dana Wu", "champion")));

        Action action = plan(reached);
        assertThat(action.action()).isEqualTo("Schedule an account check-in: call Dana Wu (champion)");
        assertThat(action.channel()).isEqualTo("call");
        assertThat(action.contact()).isEqualTo(new Action.Contact("c1", "Dana Wu", "champion"));
        assertThat(reached.notes()).isEmpty();
    }

    @Test
    void aContactWhoOptedOutOfCallsIsNeverCalledButMet() {
        ContactPreferences.Reached reached =
                ContactPreferences.apply(CHECK_IN, List.of(contact("c1", "Dana Wu", "champion", "Phone")));

        Action action = plan(reached);
        assertThat(action.channel()).isEqualTo("meeting");
        assertThat(action.action())
                .isEqualTo("Schedule an account check-in: meet Dana Wu (champion)")
                .doesNotContain("call");
        assertThat(reached.notes())
                .containsExactly(
                        "Schedule an account check-in: Dana Wu (champion) opted out of call; meet Dana Wu (champion) instead");
    }

    @Test
    void aContactWhoAsksNotToBeContactedIsPassedOverForTheNextRole() {
        Contact champion =
                JSON.convertValue(contactJson("c1", "Dana Wu", "champion").put("doNotContact", true), Contact.class);
        ContactPreferences.Reached reached = ContactPreferences.apply(
                CHECK_IN, List.of(champion, contact("c2", "Lee Park", "executive_sponsor", "call")));

        Action action = plan(reached);
        assertThat(action.contact().id()).isEqualTo("c2");
        assertThat(action.channel()).isEqualTo("meeting");
        assertThat(reached.notes())
                .singleElement()
                .asString()
                .contains(
                        "Dana Wu (champion) asked not to be contacted",
                        "Lee Park (executive sponsor) opted out of call",
                        "meet Lee Park (executive sponsor) instead");
    }

    @Test
    void whenEveryContactRefusedEveryChannelTheActionIsDroppedAndSaid() {
        ContactPreferences.Reached reached = ContactPreferences.apply(
                CHECK_IN, List.of(contact("c1", "Dana Wu", "champion", "call", "meeting", "email")));

        assertThat(reached.candidates()).isEmpty();
        assertThat(reached.notes())
                .containsExactly(
                        "Schedule an account check-in: not recommended, Dana Wu (champion) opted out of call, meeting, email");
    }

    @Test
    void anActionNoContactHoldsTheRoleForNamesNobodyAndStaysAsItWas() {
        List<Contact> users = List.of(contact("c9", "Sam Roe", "user", "call"));
        ContactPreferences.Reached reached = ContactPreferences.apply(CHECK_IN, users);

        Action action = plan(reached);
        assertThat(action.action()).isEqualTo("Schedule an account check-in");
        assertThat(action.contact()).isNull();
        assertThat(action.channel()).isNull();
        assertThat(reached.notes()).isEmpty();
    }

    @Test
    void actionsThatReachNobodyAreUntouched() {
        List<ActionPlanner.Candidate> escalation = ActionPlanner.candidates(
                List.of(Risk.of("support_escalation", Severity.HIGH, "s", "r", Evidence.OBSERVED, List.of())),
                List.of(),
                new ExitDecision(null, List.of()));

        ContactPreferences.Reached reached = ContactPreferences.apply(
                escalation, List.of(contact("c1", "Dana Wu", "champion", "call", "meeting", "email", "sms")));

        assertThat(reached.candidates()).isEqualTo(escalation);
        assertThat(reached.notes()).isEmpty();
    }
}
