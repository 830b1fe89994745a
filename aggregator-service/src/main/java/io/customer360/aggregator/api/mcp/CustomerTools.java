package io.customer360.aggregator.api.mcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.customer360.aggregator.client.ProfileTimelineClient;
import io.customer360.aggregator.service.context.ContextPackService;
import io.customer360.aggregator.service.view.Customer360Service;
import io.customer360.aggregator.service.view.ViewOptions;
import io.customer360.common.api.Cursors;
import io.customer360.common.api.CustomerIds;
import io.customer360.common.api.ProblemException;
import io.customer360.common.auth.Roles;
import io.customer360.common.auth.TenantContext;
import io.quarkiverse.mcp.server.JsonRpcErrorCodes;
import io.quarkiverse.mcp.server.McpException;
import io.quarkiverse.mcp.server.TextContent;
import io.quarkiverse.mcp.server.Tool;
import io.quarkiverse.mcp.server.Tool.Annotations;
import io.quarkiverse.mcp.server.Tool.InputSchema;
import io.quarkiverse.mcp.server.Tool.OutputSchema;
import io.quarkiverse.mcp.server.ToolArg;
import io.quarkiverse.mcp.server.ToolCallException;
import io.quarkiverse.mcp.server.ToolResponse;
import io.quarkus.logging.Log;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The MCP tools of the 360 view (served at {@code /mcp}, streamable HTTP). Each needs role c360.viewer; the tenant
 * comes from the caller's token, which is also what profile-service sees. A failure the caller can act on (a bad
 * argument, a customer that is missing or another tenant's, an unavailable service) is a tool error with the problem's
 * detail, never another tenant's data. Every tool publishes the limits of its arguments and the JSON Schema of its
 * result ({@link ToolSchemas}) and answers with that result twice: as {@code structuredContent} (MCP 2025-06-18) and as
 * text, for clients that read only text.
 */
@ApplicationScoped
// the HTTP layer admits only authenticated callers to /mcp (McpBearerGate); the viewer role is checked by call(), which
// every tool goes through, so that a caller without it gets an MCP error saying so: the security interceptor's
// ForbiddenException would reach the caller as its class name
@Authenticated
public class CustomerTools {

    static final String CHANNEL = "mcp";
    static final int DEFAULT_TIMELINE_LIMIT = 20;
    static final int MAX_TIMELINE_LIMIT = 100;
    static final int DEFAULT_SEARCH_LIMIT = 10;
    /** profile-service's own bound for search results. */
    static final int MAX_SEARCH_LIMIT = 50;

    static final int MAX_QUERY_LENGTH = 200;
    /** The audit keeps this much of a stated purpose; through MCP a longer one is refused rather than cut. */
    static final int MAX_PURPOSE_LENGTH = 200;

    static final Pattern EVENT_TYPE = Pattern.compile("^[a-z][a-z0-9_]{0,63}$");

    private static final String CUSTOMER_ID = "The customer's id (customer_id of its events), for example 'cust_123'. "
            + "1-128 characters; no '.', '*', '>' or white space.";
    private static final String AGENT = "Optional: the kind of assistant asking, which selects the sources the view is "
            + "built from and whose actions it may recommend: 'assistant' (the default: every source, every team), "
            + "'success', 'support', 'sales', 'billing' or 'security'.";
    private static final String PURPOSE = "Optional: why the customer is being looked at, in a few words (for example "
            + "'renewal call prep'), at most " + MAX_PURPOSE_LENGTH + " characters; recorded in the access audit with "
            + "the caller and channel 'mcp'.";

    private final Customer360Service views;
    private final ContextPackService contextPacks;
    private final ProfileTimelineClient profile;
    private final TenantContext tenant;
    private final ObjectMapper mapper;

    CustomerTools(
            Customer360Service views,
            ContextPackService contextPacks,
            ProfileTimelineClient profile,
            TenantContext tenant,
            ObjectMapper mapper) {
        this.views = views;
        this.contextPacks = contextPacks;
        this.profile = profile;
        this.tenant = tenant;
        this.mapper = mapper;
    }

    @Tool(
            name = "get_customer_360",
            title = "Customer 360 view",
            description =
                    "The complete 360 view of one customer as JSON: account profile, health, engagement, support, "
                            + "usage and commercial summaries, key narrative, risk indicators, opportunities, recommended "
                            + "actions and exit state. A value that is unknown is null; 'sections' says for each data section "
                            + "whether it is complete, partial, stale or unavailable, and why. Use it to answer questions "
                            + "about a customer or to prepare an action; use get_context_pack for a compact prompt-ready text.",
            annotations =
                    @Annotations(
                            readOnlyHint = true,
                            destructiveHint = false,
                            idempotentHint = true,
                            openWorldHint = false),
            inputSchema = @InputSchema(generator = ToolSchemas.class),
            outputSchema = @OutputSchema(from = ToolSchemas.CustomerView.class, generator = ToolSchemas.class))
    public Uni<ToolResponse> getCustomer360(
            @ToolArg(description = CUSTOMER_ID) String customerId,
            @ToolArg(description = AGENT, required = false) String agent,
            @ToolArg(
                            description = "Optional: the area the narrative and insights put first: 'health', 'risk', "
                                    + "'expansion', 'renewal' or 'support'. Omit it for a balanced view.",
                            required = false)
                    String focus,
            @ToolArg(description = PURPOSE, required = false) String purpose) {
        return forCustomer(
                "get_customer_360",
                customerId,
                () -> views.viewJson(customerId, new ViewOptions(agent, focus, purpose(purpose), CHANNEL))
                        .map(CustomerTools::structured));
    }

    @Tool(
            name = "get_context_pack",
            title = "Customer context pack",
            description = "A compact, prompt-ready summary of one customer (who they are, health, open issues, risks, "
                    + "opportunities and next best actions) that fits within a token budget. Prefer it over "
                    + "get_customer_360 when the result goes into a model's context. The text is the pack in the "
                    + "format asked for; the structured content is always its JSON form (ranked items).",
            annotations =
                    @Annotations(
                            readOnlyHint = true,
                            destructiveHint = false,
                            idempotentHint = true,
                            openWorldHint = false),
            inputSchema = @InputSchema(generator = ToolSchemas.class),
            outputSchema = @OutputSchema(from = ToolSchemas.ContextPack.class, generator = ToolSchemas.class))
    public Uni<ToolResponse> getContextPack(
            @ToolArg(description = CUSTOMER_ID) String customerId,
            @ToolArg(description = AGENT, required = false) String agent,
            @ToolArg(
                            description =
                                    "Optional: the most tokens the pack may take, " + ContextPackService.MIN_TOKENS
                                            + "-" + ContextPackService.MAX_TOKENS + " (default "
                                            + ContextPackService.DEFAULT_TOKENS
                                            + "), counted as characters / 4; the lowest-ranked items are left out first.",
                            required = false)
                    Integer maxTokens,
            @ToolArg(description = "Optional: 'markdown' (the default) or 'json'.", required = false) String format,
            @ToolArg(description = PURPOSE, required = false) String purpose) {
        return forCustomer(
                "get_context_pack",
                customerId,
                () -> contextPacks
                        .packWithJson(
                                customerId, new ViewOptions(agent, null, purpose(purpose), CHANNEL), maxTokens, format)
                        .map(pack -> structured(pack.text(), pack.json())));
    }

    @Tool(
            name = "get_timeline",
            title = "Customer timeline",
            description = "One page of a customer's timeline, newest first, as JSON {items, nextCursor}: purchases, "
                    + "invoices, payments, tickets, usage, notes and other events, each with eventType, occurredAt, "
                    + "title, summary, amount, status, its data and who wrote it: origin 'platform' (a change made "
                    + "in the product, actor the person) or 'partner' (sourceService 'partner:<system>', no actor). "
                    + "Every entry of a sensitive note is redacted unless the caller may see them. Pass nextCursor "
                    + "back as 'cursor' for the next, older page.",
            annotations =
                    @Annotations(
                            readOnlyHint = true,
                            destructiveHint = false,
                            idempotentHint = true,
                            openWorldHint = false),
            inputSchema = @InputSchema(generator = ToolSchemas.class),
            outputSchema = @OutputSchema(from = ToolSchemas.TimelinePage.class, generator = ToolSchemas.class))
    public Uni<ToolResponse> getTimeline(
            @ToolArg(description = CUSTOMER_ID) String customerId,
            @ToolArg(
                            description = "Optional: only events of this type (snake_case), for example 'purchase', "
                                    + "'invoice_issued', 'payment_failed' or 'ticket_created'.",
                            required = false)
                    String type,
            @ToolArg(
                            description = "Optional: events per page, 1-" + MAX_TIMELINE_LIMIT + " (default "
                                    + DEFAULT_TIMELINE_LIMIT + ").",
                            required = false)
                    Integer limit,
            @ToolArg(description = "Optional: the nextCursor of the previous page.", required = false) String cursor) {
        return forCustomer("get_timeline", customerId, () -> {
            if (type != null && !EVENT_TYPE.matcher(type).matches()) {
                throw ProblemException.invalid("type", "must be an event type in snake_case, such as 'purchase'");
            }
            int size = bounded("limit", limit, DEFAULT_TIMELINE_LIMIT, MAX_TIMELINE_LIMIT);
            Cursors.decode(cursor, (at, id) -> id);
            return profile.timeline(customerId, type, size, cursor)
                    .onItem()
                    .ifNull()
                    .failWith(() -> ProblemException.notFound("Customer", customerId))
                    .map(page -> structured(json(page)));
        });
    }

    @Tool(
            name = "search_customers",
            title = "Search customers",
            description = "Full-text search over the tenant's customers (name, email, company) and what happened to "
                    + "them (events, notes, knowledge), best match first, as JSON {query, items}. Each item has kind "
                    + "(customer, event, note or knowledge), customerId, id, title, rank, highlight (matches in "
                    + "<mark>) and at. Use it to find a customer's id from a name, email or company, then call the "
                    + "other tools with that id. Query syntax as in web search: \"a phrase\", or, -word.",
            annotations =
                    @Annotations(
                            readOnlyHint = true,
                            destructiveHint = false,
                            idempotentHint = true,
                            openWorldHint = false),
            inputSchema = @InputSchema(generator = ToolSchemas.class),
            outputSchema = @OutputSchema(from = ToolSchemas.SearchResults.class, generator = ToolSchemas.class))
    public Uni<ToolResponse> searchCustomers(
            @ToolArg(
                            description = "What to look for: a name, email, company or words, 1-" + MAX_QUERY_LENGTH
                                    + " characters.")
                    String query,
            @ToolArg(
                            description = "Optional: the most results, 1-" + MAX_SEARCH_LIMIT + " (default "
                                    + DEFAULT_SEARCH_LIMIT + ").",
                            required = false)
                    Integer limit) {
        return call(() -> {
            String tenantId = tenant.tenant();
            if (query == null || query.isBlank()) {
                throw ProblemException.invalid("query", "is required");
            }
            if (query.length() > MAX_QUERY_LENGTH || query.indexOf('\u0000') >= 0) {
                throw ProblemException.invalid("query", "must be 1-" + MAX_QUERY_LENGTH + " characters of text");
            }
            int size = bounded("limit", limit, DEFAULT_SEARCH_LIMIT, MAX_SEARCH_LIMIT);
            Log.infof("MCP search_customers: tenant %s", tenantId);
            return profile.search(query.strip(), size).map(results -> structured(json(results)));
        });
    }

    /** Runs a tool on one customer: the tenant and the customer id are checked before anything else. */
    private Uni<ToolResponse> forCustomer(String tool, String customerId, Supplier<Uni<ToolResponse>> action) {
        return call(() -> {
            String tenantId = tenant.tenant();
            requireCustomerId(customerId);
            Log.infof("MCP %s: tenant %s, customer %s", tool, tenantId, customerId);
            return action.get();
        });
    }

    /**
     * Every tool runs through here: a caller without c360.viewer gets the security error (-32001) with a fixed message.
     * Every problem, thrown here or failing the result, becomes a tool error with its detail. Other failures stay
     * internal errors (bugs, logged by the MCP server, answered "Internal error").
     */
    private Uni<ToolResponse> call(Supplier<Uni<ToolResponse>> action) {
        if (!tenant.hasRole(Roles.VIEWER)) {
            return Uni.createFrom().failure(lacksViewerRole());
        }
        try {
            return action.get().onFailure().transform(CustomerTools::toolError);
        } catch (RuntimeException e) {
            return Uni.createFrom().failure(toolError(e));
        }
    }

    /** The refusal of a caller without c360.viewer: the MCP security error, naming the role, not an exception. */
    static McpException lacksViewerRole() {
        return new McpException(
                "The token lacks the role " + Roles.VIEWER + " these tools need", JsonRpcErrorCodes.SECURITY_ERROR);
    }

    /** A problem becomes a tool error with its detail; anything else stays as it is. */
    static Throwable toolError(Throwable failure) {
        return failure instanceof ProblemException problem
                ? new ToolCallException(problem.problem().detail())
                : failure;
    }

    /** A JSON result, as structured content and as the same JSON in text. */
    static ToolResponse structured(String json) {
        return structured(json, json);
    }

    /** profile-service's answer as the JSON it was sent as (its contract record, written by the same mapper). */
    private String json(Object answer) {
        try {
            return mapper.writeValueAsString(answer);
        } catch (JsonProcessingException unwritable) {
            throw new IllegalStateException("profile-service's answer cannot be written as JSON", unwritable);
        }
    }

    /** A result whose text (markdown, say) is not its JSON form. */
    static ToolResponse structured(String text, String json) {
        return new ToolResponse(false, List.of(new TextContent(text)), new JsonObject(json), null);
    }

    /** The purpose as stated, refused when longer than the audit keeps (REST cuts it; a tool argument has a limit). */
    static String purpose(String purpose) {
        if (purpose != null && purpose.length() > MAX_PURPOSE_LENGTH) {
            throw ProblemException.invalid("purpose", "must be at most " + MAX_PURPOSE_LENGTH + " characters");
        }
        return purpose;
    }

    static void requireCustomerId(String customerId) {
        if (!CustomerIds.isValid(customerId)) {
            throw ProblemException.invalid(
                    "customerId", "must be 1-128 characters without '.', '*', '>', white space or control characters");
        }
    }

    static int bounded(String field, Integer value, int fallback, int max) {
        if (value == null) {
            return fallback;
        }
        if (value < 1 || value > max) {
            throw ProblemException.invalid(field, "must be a whole number between 1 and " + max);
        }
        return value;
    }
}
