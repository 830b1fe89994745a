package io.customer360.common.auth;

/** The mesh's roles (docs/architecture.md, Security); every operation needs one of them. */
public final class Roles {
    public static final String VIEWER = "c360.viewer";
    public static final String SENSITIVE = "c360.sensitive";
    public static final String EDITOR = "c360.editor";
    public static final String ADMIN = "c360.admin";
    public static final String EVENTS_WRITER = "events.writer";
    public static final String BILLING_READER = "billing.reader";
    /** A machine identity serving every tenant; names the tenant of each call (TenantContext). */
    public static final String OPERATOR = "c360.operator";

    private Roles() {}
}
