package io.customer360.profile.domain.catalog;

import java.util.Locale;

/** The parts of a customer that events change, named as {@code profile.changed} names them. */
public enum Section {
    PROFILE,
    TIMELINE,
    SUBSCRIPTION,
    SUPPORT,
    ENGAGEMENT,
    USAGE,
    SALES,
    SECURITY,
    CONTACTS,
    NOTES,
    PURCHASES,
    WORK_ORDERS,
    KNOWLEDGE,
    SEGMENTS,
    SUCCESS;

    /** The name in messages and documents: {@code work_orders}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
