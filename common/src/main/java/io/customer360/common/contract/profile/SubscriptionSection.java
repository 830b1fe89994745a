package io.customer360.common.contract.profile;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** {@code GET /api/v1/customers/{id}/subscription}: the current subscription, seats, billing, payment health and credits. */
@RegisterForReflection
@Schema(name = "SubscriptionSection", description = "Subscription and billing of one customer")
public record SubscriptionSection(
        @Schema(
                required = true,
                nullable = true,
                description = "The newest subscription not cancelled, else the newest one")
        Subscription subscription,

        @Schema(required = true) Seats seats,
        @Schema(required = true) Billing billing,
        @Schema(required = true) PaymentHealth paymentHealth,

        @Schema(required = true, description = "Credits issued minus credits applied")
        BigDecimal creditBalance,

        @Schema(required = true, description = "The 10 most recently changed invoices")
        List<Invoice> recentInvoices,

        @Schema(required = true, description = "The 10 most recently changed payments")
        List<Payment> recentPayments,

        @Schema(required = true) String customerId) {

    @Schema(name = "SubscriptionSeats")
    public record Seats(
            @Schema(required = true, nullable = true) Integer total,
            @Schema(required = true, nullable = true) Integer used,

            @Schema(
                    required = true,
                    nullable = true,
                    description = "used / total, 3 decimals; null unless both are known and total > 0")
            BigDecimal utilization) {

        /** The seats with their utilization worked out. */
        public static Seats of(Integer total, Integer used) {
            return new Seats(
                    total,
                    used,
                    total != null && used != null && total > 0
                            ? BigDecimal.valueOf(used.doubleValue() / total.doubleValue())
                                    .setScale(3, RoundingMode.HALF_UP)
                            : null);
        }
    }

    @Schema(name = "SubscriptionBilling")
    public record Billing(
            @Schema(required = true, nullable = true) BigDecimal mrr,

            @Schema(required = true, nullable = true, description = "As billed; when only MRR is known, 12 × MRR")
            BigDecimal arr,

            @Schema(
                    required = true,
                    nullable = true,
                    enumeration = {"reported", "derived_from_mrr"})
            String arrSource,

            @Schema(required = true, nullable = true) String currency,

            @Schema(required = true, nullable = true, description = "UTC")
            String renewalDate,

            @Schema(required = true, nullable = true, description = "UTC")
            String contractEndDate) {}

    @Schema(name = "SubscriptionPaymentHealth")
    public record PaymentHealth(
            @Schema(required = true) long openInvoices,
            @Schema(required = true) long overdueInvoices,
            @Schema(required = true) BigDecimal overdueAmount,
            @Schema(required = true) long failedPaymentsLast90Days,

            @Schema(required = true, nullable = true, description = "UTC")
            String lastFailedPaymentAt) {}
}
