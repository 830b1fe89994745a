package io.customer360.aggregator.service.insight;

import io.customer360.aggregator.domain.insight.Action;
import io.customer360.common.contract.profile.Contact;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Respects contacts' communication preferences (seed guardrail): an action that reaches out goes to the first contact,
 * by its {@link Outreach} roles, who accepts one of its channels, through the first such channel. A contact who opted
 * out of the preferred channel is reached through another one; one who accepts none of them (or asked not to be
 * contacted at all) is passed over for the next contact; when every contact of those roles refused, the action is
 * dropped. Each deviation is said in a note ({@code guardrails.contactPreferences}). An action whose roles no contact
 * holds is left as it was: it names nobody, so no preference applies. Pure: no I/O.
 */
public final class ContactPreferences {

    private ContactPreferences() {}

    /** The candidates with their contact and channel, the ones nobody may be reached for left out, and why. */
    public record Reached(List<ActionPlanner.Candidate> candidates, List<String> notes) {}

    public static Reached apply(List<ActionPlanner.Candidate> candidates, List<Contact> contacts) {
        List<ActionPlanner.Candidate> reached = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (ActionPlanner.Candidate candidate : candidates) {
            Outreach outreach = candidate.outreach();
            List<Contact> asked = outreach == null ? List.of() : byRole(contacts, outreach.roles());
            if (asked.isEmpty()) {
                reached.add(candidate);
                continue;
            }
            List<String> refusals = new ArrayList<>();
            ActionPlanner.Candidate chosen = null;
            for (Contact contact : asked) {
                boolean noContact = Boolean.TRUE.equals(contact.doNotContact());
                Set<String> refused = optedOut(contact);
                String channel = noContact
                        ? null
                        : outreach.channels().stream()
                                .filter(c -> !refused.contains(c))
                                .findFirst()
                                .orElse(null);
                if (channel != null) {
                    chosen = candidate.reaching(
                            new Action.Contact(contact.id(), name(contact), contact.role()), channel);
                    if (!channel.equals(outreach.channels().get(0))) {
                        refusals.add(who(contact) + " opted out of "
                                + String.join(
                                        ", ",
                                        outreach.channels()
                                                .subList(0, outreach.channels().indexOf(channel))));
                    }
                    break;
                }
                refusals.add(who(contact)
                        + (noContact
                                ? " asked not to be contacted"
                                : " opted out of " + String.join(", ", outreach.channels())));
            }
            if (chosen == null) {
                notes.add(candidate.action() + ": not recommended, " + String.join("; ", refusals));
            } else {
                reached.add(chosen);
                if (!refusals.isEmpty()) {
                    notes.add(candidate.action() + ": " + String.join("; ", refusals) + "; "
                            + Outreach.verb(chosen.channel()) + " " + who(chosen.contact()) + " instead");
                }
            }
        }
        return new Reached(reached, notes);
    }

    /** The contacts holding the roles, in the roles' order, each once. */
    private static List<Contact> byRole(List<Contact> contacts, List<String> roles) {
        List<Contact> asked = new ArrayList<>();
        for (String role : roles) {
            contacts.stream().filter(c -> role.equals(c.role())).forEach(asked::add);
        }
        return asked;
    }

    /** The channels a contact opted out of, in the words {@link Outreach} uses. */
    private static Set<String> optedOut(Contact contact) {
        Set<String> refused = new LinkedHashSet<>();
        AccountFacts.listOf(contact.optedOutChannels()).forEach(channel -> refused.add(Outreach.channel(channel)));
        return refused;
    }

    private static String name(Contact contact) {
        return contact.name() != null ? contact.name() : contact.id();
    }

    private static String who(Contact contact) {
        return who(new Action.Contact(contact.id(), name(contact), contact.role()));
    }

    static String who(Action.Contact contact) {
        return contact.role() == null
                ? contact.name()
                : contact.name() + " (" + contact.role().replace('_', ' ') + ")";
    }
}
