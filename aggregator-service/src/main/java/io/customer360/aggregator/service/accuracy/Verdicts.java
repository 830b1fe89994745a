package io.customer360.aggregator.service.accuracy;

import java.util.Set;

/**
 * Whether an outcome confirms or refutes an insight emitted before it (null: it says nothing about that insight).
 * <ul>
 * <li>A risk indicator, and the exit states of concern ({@code at_risk}, {@code escalation_required},
 * {@code attention_needed}), say the account may be lost: churn confirms them, a renewal or an expansion refutes them.</li>
 * <li>{@code expansion_ready}: an expansion confirms it, churn refutes it.</li>
 * <li>{@code renewal_focus}: a renewal confirms it, churn refutes it.</li>
 * <li>{@code healthy}: a renewal or an expansion confirms it, churn refutes it.</li>
 * <li>A ticket resolution gives no verdict: it is counted as the follow-up of a support insight.</li>
 * </ul>
 */
public final class Verdicts {

    public static final String CONFIRMED = "confirmed";
    public static final String REFUTED = "refuted";
    public static final String RISK = "risk";
    public static final String EXIT_STATE = "exit_state";

    private static final Set<String> CONCERNS = Set.of("at_risk", "escalation_required", "attention_needed");

    private Verdicts() {}

    public static String verdict(String kind, String type, Outcome outcome) {
        if (outcome == Outcome.TICKET_RESOLVED) {
            return null;
        }
        boolean lost = outcome == Outcome.CHURN;
        if (RISK.equals(kind) || CONCERNS.contains(type)) {
            return lost ? CONFIRMED : REFUTED;
        }
        return switch (type) {
            case "expansion_ready" -> lost ? REFUTED : outcome == Outcome.EXPANSION ? CONFIRMED : null;
            case "renewal_focus" -> lost ? REFUTED : outcome == Outcome.RENEWAL ? CONFIRMED : null;
            case "healthy" -> lost ? REFUTED : CONFIRMED;
            default -> null;
        };
    }
}
