package io.customer360.aggregator.service.view;

/**
 * How a view is asked for: the agent type ({@code ?agent=}, null for the default), the focus ({@code ?focus=}), the
 * purpose the caller stated ({@code X-Purpose}) and the channel it came through (rest, context, mcp), for the audit.
 */
public record ViewOptions(String agent, String focus, String purpose, String channel) {

    public static ViewOptions rest(String agent, String focus, String purpose) {
        return new ViewOptions(agent, focus, purpose, "rest");
    }
}
