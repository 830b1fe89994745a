package io.customer360.aggregator.api.console;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Which enrichment data types a tier opens, as customer-enrichment.md's tier table has them (and enrichment-service's
 * {@code Tier} enforces them): free gets person and business data, pro adds social profiles and property data,
 * enterprise adds always-fresh data. The console shows an upgrade hint for the data types the tenant's tier gates.
 */
final class TierGates {

    static final List<String> DATA_TYPES = List.of("person", "business", "social", "property");

    private TierGates() {}

    /** {@code {tier, dataTypes, gated, upgradeTo}}; an unknown tier gates nothing (enrichment-service decides). */
    static ObjectNode of(String tier) {
        List<String> open = switch (tier == null ? "" : tier) {
            case "free" -> List.of("person", "business");
            default -> DATA_TYPES;
        };
        ObjectNode gates = JsonNodeFactory.instance.objectNode();
        gates.put("tier", tier);
        open.forEach(gates.putArray("dataTypes")::add);
        var gated = gates.putArray("gated");
        DATA_TYPES.stream().filter(type -> !open.contains(type)).forEach(gated::add);
        gates.put("upgradeTo", gated.isEmpty() ? null : "pro");
        return gates;
    }
}
