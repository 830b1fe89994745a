package io.customer360.enrichment.usage;

import java.math.BigDecimal;
import java.util.Map;

/**
 * A month's usage as CSV (RFC 4180) for billing jobs: one line per provider with its API cost, and a first line
 * with the provider column empty carrying the month's totals. Values are ours (tenant ids, provider names, numbers),
 * none of them free text, so no cell needs quoting or formula escaping.
 */
public final class UsageCsv {

    public static final String HEADER = "tenant,month,tier,enrichments,limit,provider,api_cost";

    private UsageCsv() {
    }

    public static String of(String tenant, MonthUsage usage) {
        StringBuilder csv = new StringBuilder(HEADER).append("\r\n");
        line(csv, tenant, usage, "", usage.totalCost());
        for (Map.Entry<String, BigDecimal> cost : usage.apiCosts().entrySet()) {
            line(csv, tenant, usage, cost.getKey(), cost.getValue());
        }
        return csv.toString();
    }

    private static void line(StringBuilder csv, String tenant, MonthUsage usage, String provider, BigDecimal cost) {
        csv.append(tenant).append(',').append(usage.month()).append(',').append(usage.tier()).append(',')
                .append(usage.enrichments()).append(',').append(usage.limit() == null ? "" : usage.limit()).append(',')
                .append(provider).append(',').append(cost.toPlainString()).append("\r\n");
    }
}
