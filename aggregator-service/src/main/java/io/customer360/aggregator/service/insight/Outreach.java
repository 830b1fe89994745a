package io.customer360.aggregator.service.insight;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Whom an action reaches out to and how: the contact roles to ask, best first, and the channels that fit the action,
 * preferred first. Channels are {@code call}, {@code meeting}, {@code email}, {@code sms}, as contacts opt out of them.
 */
public record Outreach(List<String> roles, List<String> channels) {

    public static final Outreach CHECK_IN = new Outreach(
            List.of("champion", "executive_sponsor", "decision_maker"), List.of("call", "meeting", "email"));
    public static final Outreach CHAMPION = new Outreach(List.of("champion"), List.of("call", "meeting", "email"));
    public static final Outreach USAGE_REVIEW =
            new Outreach(List.of("champion", "executive_sponsor"), List.of("meeting", "call", "email"));
    public static final Outreach BILLING = new Outreach(List.of("billing"), List.of("email", "call"));
    public static final Outreach RENEWAL_REVIEW =
            new Outreach(List.of("decision_maker", "executive_sponsor"), List.of("meeting", "call", "email"));
    public static final Outreach QBR =
            new Outreach(List.of("executive_sponsor", "champion"), List.of("meeting", "call"));

    /** Words partners use for a channel → the channel. */
    private static final Map<String, String> SYNONYMS = Map.ofEntries(
            Map.entry("calls", "call"),
            Map.entry("phone", "call"),
            Map.entry("phone_call", "call"),
            Map.entry("telephone", "call"),
            Map.entry("emails", "email"),
            Map.entry("e_mail", "email"),
            Map.entry("mail", "email"),
            Map.entry("meetings", "meeting"),
            Map.entry("in_person", "meeting"),
            Map.entry("video", "meeting"),
            Map.entry("text", "sms"),
            Map.entry("text_message", "sms"));

    /** How the action text names the channel: "call Dana Wu (champion)". */
    private static final Map<String, String> VERBS =
            Map.of("call", "call", "meeting", "meet", "email", "email", "sms", "text");

    static String channel(String word) {
        String code = word.strip().toLowerCase(Locale.ROOT).replaceAll("[\\s-]+", "_");
        return SYNONYMS.getOrDefault(code, code);
    }

    static String verb(String channel) {
        return VERBS.getOrDefault(channel, channel);
    }
}
