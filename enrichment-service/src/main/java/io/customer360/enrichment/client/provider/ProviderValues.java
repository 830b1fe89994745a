package io.customer360.enrichment.client.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.customer360.enrichment.domain.DataType;
import io.customer360.enrichment.domain.FoundField;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Checks each value a provider sends before it is used: short plain text, finite numbers in range, and profile URLs
 * only on the social network's own host, always https. Anything else is dropped, never stored.
 */
public final class ProviderValues {

    private static final int MAX_TEXT = 512;
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final List<FoundField> fields = new java.util.ArrayList<>();

    public List<FoundField> fields() {
        return List.copyOf(fields);
    }

    public ProviderValues text(DataType type, String field, JsonNode node) {
        String text = textOf(node);
        if (text != null) {
            fields.add(new FoundField(type, field, JSON.textNode(text)));
        }
        return this;
    }

    public ProviderValues number(DataType type, String field, JsonNode node, double min, double max) {
        if (node != null
                && node.isNumber()
                && Double.isFinite(node.asDouble())
                && node.asDouble() >= min
                && node.asDouble() <= max) {
            fields.add(new FoundField(
                    type,
                    field,
                    node.isIntegralNumber() ? JSON.numberNode(node.asLong()) : JSON.numberNode(node.decimalValue())));
        }
        return this;
    }

    public ProviderValues textList(DataType type, String field, JsonNode node, int maxItems) {
        if (node != null && node.isArray()) {
            var list = JSON.arrayNode();
            for (JsonNode item : node) {
                String text = textOf(item);
                if (text != null && list.size() < maxItems) {
                    list.add(text);
                }
            }
            if (!list.isEmpty()) {
                fields.add(new FoundField(type, field, list));
            }
        }
        return this;
    }

    /** A social profile URL (or handle) as https on the network's host; other hosts are dropped. */
    public ProviderValues profileUrl(String field, JsonNode node, String host, boolean handle) {
        String text = textOf(node);
        if (text == null) {
            return this;
        }
        boolean bareHandle = handle
                && !text.matches("(?i)^(https?://)?([a-z0-9-]+\\.)*" + java.util.regex.Pattern.quote(host) + "(/.*)?$");
        String candidate = bareHandle ? host + "/" + text.replaceFirst("^@", "") : text;
        String url = candidate.matches("(?i)^https?://.*") ? candidate : "https://" + candidate;
        try {
            URI uri = URI.create(url);
            String uriHost = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
            if ((uriHost.equals(host) || uriHost.endsWith("." + host))
                    && uri.getRawPath() != null
                    && uri.getRawPath().length() > 1) {
                fields.add(
                        new FoundField(DataType.SOCIAL, field, JSON.textNode("https://" + uriHost + uri.getRawPath())));
            }
        } catch (IllegalArgumentException e) {
            // not a URL: dropped
        }
        return this;
    }

    static String textOf(JsonNode node) {
        if (node == null || !node.isTextual()) {
            return null;
        }
        String text = node.asText().strip();
        if (text.isEmpty() || text.length() > MAX_TEXT || text.chars().anyMatch(Character::isISOControl)) {
            return null;
        }
        return text;
    }

    public static final Set<String> SOCIAL_FIELDS = Set.of("linkedin", "twitter", "facebook");
}
