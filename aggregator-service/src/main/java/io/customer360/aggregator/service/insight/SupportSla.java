package io.customer360.aggregator.service.insight;

import io.customer360.aggregator.config.AggregatorConfig;
import io.customer360.common.contract.profile.Ticket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The support SLA (docs/view-fields.md#support-sla): a first-response and a resolution target per ticket priority,
 * on a 24 × 7 clock that starts when the ticket was opened ({@code openedAt}, else when it was first seen).
 * <ul>
 * <li><b>First response</b> is due at opened + its target. It is answered at {@code firstResponseAt}, or at the
 * resolution when a ticket was resolved without a recorded first response (the resolution answered the customer); an
 * answer stamped before the opening counts as one at the opening. Met when answered by the due time, breached when
 * answered later or still unanswered after it, pending while unanswered and not yet due. When the account's support
 * source never reported a first response (no ticket has one: the support section's average first response is null),
 * the clock is unknown, not breached: silence from a source that does not report answers is no late answer.</li>
 * <li><b>Resolution</b> is due at opened + its target. Met when resolved by then ({@code resolvedAt}; a closed
 * ticket without one at its last change), breached when resolved later or still open after it, pending while open
 * and not yet due.</li>
 * </ul>
 * A ticket whose priority is unknown has no targets and is not judged. Pending states (waiting on the customer) and
 * business hours are not modelled: the clock never stops.
 */
public final class SupportSla {

    /** A priority's targets. */
    public record Target(Duration firstResponse, Duration resolution) {}

    /** The documented defaults, as support teams commonly set them. */
    public static final Map<String, Target> DEFAULTS = defaults();

    public static final List<String> PRIORITIES = List.of("P1", "P2", "P3", "P4");

    private final Map<String, Target> targets;

    private SupportSla(Map<String, Target> targets) {
        this.targets = targets;
    }

    public static SupportSla withDefaults() {
        return new SupportSla(DEFAULTS);
    }

    /** The configured targets; a priority or target not configured keeps its default. */
    public static SupportSla from(AggregatorConfig.Support config) {
        Map<String, Target> targets = new LinkedHashMap<>();
        for (String priority : PRIORITIES) {
            Target fallback = DEFAULTS.get(priority);
            AggregatorConfig.Support.SlaTarget set =
                    config == null ? null : config.sla().get(priority.toLowerCase(Locale.ROOT));
            targets.put(
                    priority,
                    set == null
                            ? fallback
                            : new Target(
                                    set.firstResponse().orElse(fallback.firstResponse()),
                                    set.resolution().orElse(fallback.resolution())));
        }
        return new SupportSla(targets);
    }

    /** Priority (P1 … P4) → its targets, in priority order. */
    public Map<String, Target> targets() {
        return targets;
    }

    /** How one clock of a ticket stands. */
    public enum State {
        MET,
        BREACHED,
        PENDING,
        /** The source reports no first responses: nothing to judge. */
        UNKNOWN;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One clock of a ticket: its target, when it is due, when it stopped (null while running), its state, and by how
     * many whole minutes it was missed (stopped or now minus due; null unless breached).
     */
    public record Clock(Duration target, Instant dueAt, Instant stoppedAt, State state, Long minutesLate) {

        public boolean breached() {
            return state == State.BREACHED;
        }
    }

    /** A ticket judged against its priority's targets. */
    public record TicketSla(Ticket ticket, boolean open, Instant openedAt, Clock firstResponse, Clock resolution) {

        public boolean breached() {
            return firstResponse.breached() || resolution.breached();
        }
    }

    /**
     * The open and recently resolved tickets with a known priority, judged at {@code facts.now()}: breached first, then
     * open before resolved, most urgent priority first, then by ticket id.
     */
    public List<TicketSla> judge(AccountFacts facts) {
        List<TicketSla> judged = new ArrayList<>();
        boolean answersReported = facts.averageFirstResponseHours() != null;
        facts.openTicketList().forEach(t -> add(judged, t, true, answersReported, facts.now()));
        facts.recentlyResolvedTickets().forEach(t -> add(judged, t, false, answersReported, facts.now()));
        judged.sort(Comparator.comparing((TicketSla t) -> !t.breached())
                .thenComparing(t -> !t.open())
                .thenComparing(t -> t.ticket().priority())
                .thenComparing(t -> String.valueOf(t.ticket().id())));
        return judged;
    }

    private void add(List<TicketSla> judged, Ticket ticket, boolean open, boolean answersReported, Instant now) {
        TicketSla sla = judge(ticket, open, answersReported, now);
        if (sla != null) {
            judged.add(sla);
        }
    }

    /**
     * One ticket at {@code now}; null when its priority has no targets or its opening is unknown.
     *
     * @param answersReported whether the source reports first responses at all (else that clock is unknown)
     */
    public TicketSla judge(Ticket ticket, boolean open, boolean answersReported, Instant now) {
        Target target = ticket.priority() == null ? null : targets.get(ticket.priority());
        Instant opened = AccountFacts.instant(ticket.openedAt());
        if (opened == null) {
            opened = AccountFacts.instant(ticket.firstSeenAt());
        }
        if (target == null || opened == null) {
            return null;
        }
        Instant resolved = open ? null : AccountFacts.instant(ticket.resolvedAt());
        if (!open && resolved == null) {
            resolved = AccountFacts.instant(ticket.lastChangedAt());
        }
        Instant answered = AccountFacts.instant(ticket.firstResponseAt());
        if (answered == null) {
            answered = resolved;
        } else if (answered.isBefore(opened)) {
            answered = opened;
        }
        return new TicketSla(
                ticket,
                open,
                opened,
                answersReported
                        ? clock(opened, target.firstResponse(), answered, now)
                        : new Clock(
                                target.firstResponse(), opened.plus(target.firstResponse()), null, State.UNKNOWN, null),
                clock(opened, target.resolution(), resolved, now));
    }

    private static Clock clock(Instant opened, Duration target, Instant stopped, Instant now) {
        Instant due = opened.plus(target);
        Instant judgedAt = stopped != null ? stopped : now;
        if (judgedAt.isAfter(due)) {
            return new Clock(
                    target,
                    due,
                    stopped,
                    State.BREACHED,
                    Duration.between(due, judgedAt).toMinutes());
        }
        return new Clock(target, due, stopped, stopped != null ? State.MET : State.PENDING, null);
    }

    /** A span for people: "45 min", "2 h", "1.5 h" below two days, "3 d", "2.5 d" from two days (1 decimal at most). */
    public static String text(long minutes) {
        if (minutes < 60) {
            return minutes + " min";
        }
        if (minutes < 48 * 60) {
            return decimal(minutes / 60.0) + " h";
        }
        return decimal(minutes / 1440.0) + " d";
    }

    private static String decimal(double value) {
        double rounded = Math.round(value * 10) / 10.0;
        return rounded == Math.rint(rounded) ? String.valueOf((long) rounded) : String.valueOf(rounded);
    }

    private static Map<String, Target> defaults() {
        Map<String, Target> defaults = new LinkedHashMap<>();
        defaults.put("P1", new Target(Duration.ofHours(1), Duration.ofHours(4)));
        defaults.put("P2", new Target(Duration.ofHours(4), Duration.ofDays(1)));
        defaults.put("P3", new Target(Duration.ofHours(8), Duration.ofDays(3)));
        defaults.put("P4", new Target(Duration.ofDays(1), Duration.ofDays(7)));
        return java.util.Collections.unmodifiableMap(defaults);
    }
}
