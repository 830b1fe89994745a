package io.customer360.enrichment.service.usage;

import java.util.List;

/**
 * Ledger lines as CSV (RFC 4180, CRLF): a header line, then one line per ledger line and nothing else (no totals row).
 * A customer id is partner data and may hold a comma or a quote, so text cells are quoted when they need it; amounts
 * are plain decimals with four places.
 */
public final class LedgerCsv {

    public static final String HEADER = "charge_id,occurred_at,tenant,month,customer_id,enrichment_id,provider,"
            + "data_type,units,unit_cost,cost,currency,status,refund_of,usage_month";

    private LedgerCsv() {}

    public static String of(List<LedgerLine> lines) {
        StringBuilder csv = new StringBuilder(HEADER).append("\r\n");
        for (LedgerLine line : lines) {
            csv.append(line.chargeId())
                    .append(',')
                    .append(line.occurredAt())
                    .append(',')
                    .append(cell(line.tenant()))
                    .append(',')
                    .append(line.month())
                    .append(',')
                    .append(cell(line.customerId()))
                    .append(',')
                    .append(line.enrichmentId())
                    .append(',')
                    .append(cell(line.provider()))
                    .append(',')
                    .append(cell(line.dataType()))
                    .append(',')
                    .append(line.units())
                    .append(',')
                    .append(line.unitCost().toPlainString())
                    .append(',')
                    .append(line.cost().toPlainString())
                    .append(',')
                    .append(cell(line.currency()))
                    .append(',')
                    .append(line.status())
                    .append(',')
                    .append(line.refundOf() == null ? "" : line.refundOf())
                    .append(',')
                    .append(line.usageMonth())
                    .append("\r\n");
        }
        return csv.toString();
    }

    static String cell(String value) {
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\r') < 0 && value.indexOf('\n') < 0) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }
}
