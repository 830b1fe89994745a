package io.customer360.common.nats;

import io.customer360.common.api.CustomerIds;
import io.customer360.common.auth.TenantContext;

/**
 * The tenant and customer a message is about, read from where it was published: the last two tokens of
 * {@code <kind>.{tenant}.{customer_id}} (e.g. {@code profile.changed.acme.cust_1}). Consumers take them from here,
 * never from the body: the subject is what NATS permissions control.
 */
public record CustomerSubject(String tenant, String customerId) {

    /**
     * Parses a contract subject (test prefixes already removed) that must start with {@code kind + "."} and have
     * exactly a tenant and a customer token after it; null when it does not, or when either token is not a valid
     * tenant or customer id (a wildcard, say).
     */
    public static CustomerSubject parse(String contractSubject, String kind) {
        if (contractSubject == null || !contractSubject.startsWith(kind + ".")) {
            return null;
        }
        String rest = contractSubject.substring(kind.length() + 1);
        int dot = rest.indexOf('.');
        if (dot < 0) {
            return null;
        }
        String tenant = rest.substring(0, dot);
        String customerId = rest.substring(dot + 1);
        if (!TenantContext.TENANT_PATTERN.matcher(tenant).matches() || !CustomerIds.isValid(customerId)) {
            return null;
        }
        return new CustomerSubject(tenant, customerId);
    }

    /** Whether a body's own tenant and customer (either may be absent) agree with the subject. */
    public boolean agrees(String bodyTenant, String bodyCustomerId) {
        return (bodyTenant == null || bodyTenant.equals(tenant))
                && (bodyCustomerId == null || bodyCustomerId.equals(customerId));
    }
}
