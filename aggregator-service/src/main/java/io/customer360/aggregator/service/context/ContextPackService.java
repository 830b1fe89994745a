package io.customer360.aggregator.service.context;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.customer360.aggregator.domain.Conflict;
import io.customer360.aggregator.domain.Customer360;
import io.customer360.aggregator.domain.RecentTrigger;
import io.customer360.aggregator.domain.SectionStatus;
import io.customer360.aggregator.domain.SourceValue;
import io.customer360.aggregator.domain.insight.Action;
import io.customer360.aggregator.domain.insight.Opportunity;
import io.customer360.aggregator.domain.insight.Risk;
import io.customer360.aggregator.service.view.Customer360Service;
import io.customer360.aggregator.service.view.ViewOptions;
import io.customer360.common.api.ProblemException;
import io.customer360.common.api.QueryParams;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A context pack for an AI assistant: the 360 view as ranked items — summary, risks (most severe first), actions,
 * narrative, opportunities, conflicts between sources, the skills lately triggered, then the sections and notes — cut
 * to fit a token budget. Tokens are counted as characters
 * ÷ 4 (rounded up), a deliberately simple, model-independent estimate. Redacted notes stay in as
 * "[redacted: sensitive note]" and stale sections carry "(stale …)" inline, so an assistant never mistakes a gap or
 * an old figure for a fact.
 */
@ApplicationScoped
public class ContextPackService {

    public static final int DEFAULT_TOKENS = 2000;
    public static final int MIN_TOKENS = 100;
    public static final int MAX_TOKENS = 32000;
    private static final int CHARS_PER_TOKEN = 4;

    private final Customer360Service views;
    private final ObjectMapper mapper;

    ContextPackService(Customer360Service views, ObjectMapper mapper) {
        this.views = views;
        this.mapper = mapper;
    }

    /** Tokens as this service counts them. */
    public static int tokens(String text) {
        return (text.length() + CHARS_PER_TOKEN - 1) / CHARS_PER_TOKEN;
    }

    /** The pack as markdown or JSON text; {@code maxTokens} null means {@link #DEFAULT_TOKENS}. */
    public Uni<String> pack(String customerId, ViewOptions options, Integer maxTokens, String format) {
        return build(customerId, options, maxTokens, format, false).map(Packed::text);
    }

    /**
     * The pack as text in the format asked for and, fitted to the same budget, as JSON: what an MCP client reads as the
     * tool's structured content.
     */
    public record Packed(String text, String json) {}

    /** {@link #pack}, with the JSON form beside the text whatever the format. */
    public Uni<Packed> packWithJson(String customerId, ViewOptions options, Integer maxTokens, String format) {
        return build(customerId, options, maxTokens, format, true);
    }

    private Uni<Packed> build(
            String customerId, ViewOptions options, Integer maxTokens, String format, boolean withJson) {
        String chosen = format == null || format.isBlank() ? "markdown" : format;
        if (!chosen.equals("markdown") && !chosen.equals("json")) {
            throw ProblemException.invalid("format", "must be markdown or json");
        }
        int budget = QueryParams.boundedInt(
                "maxTokens",
                maxTokens == null ? null : String.valueOf(maxTokens),
                DEFAULT_TOKENS,
                MIN_TOKENS,
                MAX_TOKENS);
        return views.view(customerId, options).map(view -> {
            List<ContextItem> items = items(view);
            String json = chosen.equals("json") || withJson ? json(view, items, budget) : null;
            return new Packed(chosen.equals("json") ? json : markdown(view, items, budget), json);
        });
    }

    static List<ContextItem> items(Customer360 view) {
        List<ContextItem> items = new ArrayList<>();
        JsonNode profile = view.accountProfile();
        JsonNode health = view.healthSummary();
        String name = profile == null || profile.path("name").isNull()
                ? view.accountId()
                : profile.path("name").asText();
        StringBuilder summary = new StringBuilder("Customer ")
                .append(name)
                .append(" (")
                .append(view.accountId())
                .append(')');
        summary.append(": exit state ").append(view.exitState() == null ? "unknown" : view.exitState());
        if (health != null && !health.path("overallScore").isNull()) {
            summary.append(", health ")
                    .append(health.path("overallScore").asInt())
                    .append("/100 (")
                    .append(health.path("trend").asText())
                    .append(')');
        }
        summary.append(", data completeness ")
                .append(Math.round(view.dataCompleteness() * 100))
                .append(" %.");
        if (!view.guardrails().minimumDataMet()) {
            summary.append(" Minimum data missing: ")
                    .append(String.join(", ", view.guardrails().missingRequired()))
                    .append('.');
        }
        add(items, "summary", summary.toString(), false, false, List.of());
        for (Risk risk : view.riskIndicators()) {
            add(
                    items,
                    "risk",
                    "Risk " + risk.type() + " (" + risk.severity().wire() + ", " + risk.basis()
                            + (risk.firm() ? "" : ", low confidence " + risk.confidence()) + "): " + risk.signal()
                            + ". Recommendation: "
                            + risk.recommendation() + ".",
                    false,
                    false,
                    risk.evidenceEventIds());
        }
        for (Action action : view.recommendedActions()) {
            add(
                    items,
                    "action",
                    "Action " + action.priority() + ": " + action.action() + " — owner " + action.owner() + ", due "
                            + action.dueDate()
                            + (action.skillTrigger() == null ? "" : ", skill " + action.skillTrigger()) + ".",
                    false,
                    false,
                    action.evidenceEventIds());
        }
        if (view.keyNarrative() != null) {
            add(
                    items,
                    "narrative",
                    view.keyNarrative(),
                    false,
                    false,
                    view.narrativeEvidence().stream()
                            .flatMap(s -> s.evidenceEventIds().stream())
                            .distinct()
                            .toList());
        }
        for (Opportunity opportunity : view.opportunities()) {
            add(
                    items,
                    "opportunity",
                    "Opportunity " + opportunity.type() + " (" + opportunity.basis() + "): " + opportunity.signal()
                            + (opportunity.value() == null ? "" : ", value " + opportunity.value()) + ".",
                    false,
                    false,
                    opportunity.evidenceEventIds());
        }
        // a disputed value is not a fact: the assistant sees which value the view shows, why, and what each source said
        for (Conflict conflict : view.guardrails().conflicts()) {
            add(
                    items,
                    "conflict",
                    "Conflict " + conflict.field() + " (" + conflict.recordId() + "): shown "
                            + conflict.chosen().value() + " from "
                            + conflict.chosen().source() + " (" + conflict.rule() + "); sources said "
                            + String.join(
                                    ", ",
                                    conflict.values().stream()
                                            .map(v -> v.source() + " " + v.value())
                                            .toList())
                            + ".",
                    false,
                    false,
                    conflict.values().stream()
                            .map(SourceValue::eventId)
                            .filter(Objects::nonNull)
                            .toList());
        }
        // what was already asked of skill workers, so an assistant does not ask again
        for (RecentTrigger trigger : view.recentTriggers() == null ? List.<RecentTrigger>of() : view.recentTriggers()) {
            add(
                    items,
                    "trigger",
                    "Skill " + trigger.skill() + " triggered " + trigger.occurredAt() + " (" + trigger.cause() + ").",
                    false,
                    false,
                    trigger.evidenceEventIds());
        }
        section(items, view, "commercialSummary", view.commercialSummary());
        section(items, view, "supportSummary", view.supportSummary());
        section(items, view, "engagementSummary", view.engagementSummary());
        section(items, view, "usageSummary", view.usageSummary());
        section(items, view, "accountProfile", view.accountProfile());
        if (view.keyNotes() != null && view.keyNotes().isArray()) {
            for (JsonNode note : view.keyNotes()) {
                boolean redacted = note.path("redacted").asBoolean(false);
                String text = redacted
                        ? "[redacted: sensitive note]"
                        : (note.path("title").isTextual() ? note.get("title").asText() + ": " : "")
                                + note.path("content").asText("");
                add(items, "note", "Note " + note.path("id").asText() + ": " + text, false, redacted, List.of());
            }
        }
        return items;
    }

    private static void section(List<ContextItem> items, Customer360 view, String name, JsonNode data) {
        SectionStatus status = view.sections().get(name);
        if (data == null || data.isNull()) {
            if (status != null && status.status() == SectionStatus.Status.UNAVAILABLE) {
                add(items, "section", name + ": unavailable (" + status.reason() + ").", false, false, List.of());
            }
            return;
        }
        boolean stale = status != null && status.stale();
        StringBuilder text = new StringBuilder(name).append(": ");
        List<String> facts = new ArrayList<>();
        flatten("", data, facts);
        text.append(String.join("; ", facts));
        if (stale) {
            text.append(" (stale: newest data ").append(status.freshAsOf()).append(')');
        }
        add(items, "section", text.toString(), stale, false, List.of());
    }

    /** Known values as {@code path=value}; unknown (null) values are left out of the pack. */
    private static void flatten(String prefix, JsonNode node, List<String> out) {
        if (node.isObject()) {
            node.fields()
                    .forEachRemaining(field -> flatten(
                            prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey(), field.getValue(), out));
        } else if (node.isArray()) {
            if (!node.isEmpty()) {
                List<String> values = new ArrayList<>();
                node.forEach(v -> values.add(v.isValueNode() ? v.asText() : v.toString()));
                out.add(prefix + "=[" + String.join(", ", values) + "]");
            }
        } else if (!node.isNull()) {
            out.add(prefix + "=" + node.asText());
        }
    }

    private static void add(
            List<ContextItem> items, String kind, String text, boolean stale, boolean redacted, List<String> evidence) {
        items.add(new ContextItem(items.size() + 1, kind, text, stale, redacted, evidence));
    }

    static String markdown(Customer360 view, List<ContextItem> items, int budget) {
        StringBuilder pack = new StringBuilder("# Customer context: ")
                .append(view.accountId())
                .append('\n');
        int omitted = 0;
        for (ContextItem item : items) {
            String line = "- "
                    + (item.evidenceEventIds().isEmpty()
                            ? item.text()
                            : item.text() + " [events: " + String.join(", ", item.evidenceEventIds()) + "]")
                    + "\n";
            if (omitted == 0 && tokens(pack + line) <= budget) {
                pack.append(line);
            } else {
                omitted++;
            }
        }
        String note = "_" + omitted + " lower-ranked items omitted to fit " + budget + " tokens._\n";
        if (omitted > 0 && tokens(pack + note) <= budget) {
            pack.append(note);
        }
        return pack.toString();
    }

    String json(Customer360 view, List<ContextItem> items, int budget) {
        ObjectNode pack = mapper.createObjectNode();
        pack.put("customerId", view.accountId());
        pack.put("generatedAt", view.generatedAt().toString());
        pack.put("maxTokens", budget);
        pack.put("tokenEstimate", "characters / 4");
        List<ContextItem> kept = new ArrayList<>();
        for (ContextItem item : items) {
            kept.add(item);
            pack.set("items", mapper.valueToTree(kept));
            pack.put("omitted", items.size() - kept.size());
            if (tokens(write(pack)) > budget) {
                kept.remove(kept.size() - 1);
                break;
            }
        }
        pack.set("items", mapper.valueToTree(kept));
        pack.put("omitted", items.size() - kept.size());
        return write(pack);
    }

    private String write(ObjectNode pack) {
        try {
            return mapper.writeValueAsString(pack);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
