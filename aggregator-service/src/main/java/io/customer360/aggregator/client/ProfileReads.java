package io.customer360.aggregator.client;

import io.customer360.common.api.Page;
import io.customer360.common.contract.profile.ContactsSection;
import io.customer360.common.contract.profile.Customer;
import io.customer360.common.contract.profile.EngagementSection;
import io.customer360.common.contract.profile.Note;
import io.customer360.common.contract.profile.SalesSection;
import io.customer360.common.contract.profile.SecuritySection;
import io.customer360.common.contract.profile.SubscriptionSection;
import io.customer360.common.contract.profile.SuccessSection;
import io.customer360.common.contract.profile.SupportSection;
import io.customer360.common.contract.profile.UsageSection;
import io.smallrye.mutiny.Uni;
import java.util.function.Supplier;

/**
 * What one 360 view reads from profile-service about one customer, each part fetched at most once however many
 * providers read it (memoized, answer or failure alike). The view asks {@link #customer()} first: a customer
 * profile-service does not know (404 for the caller's tenant) is answered before any provider runs. Made by
 * {@link ProfileClient#reads}, for one view only: it carries the caller's answers, never another caller's.
 */
public final class ProfileReads {

    private final ProfileClient client;
    private final String id;
    private Uni<Customer> customer;
    private Uni<Page<Note>> notes;
    private Uni<SubscriptionSection> subscription;
    private Uni<SupportSection> support;
    private Uni<EngagementSection> engagement;
    private Uni<UsageSection> usage;
    private Uni<SalesSection> sales;
    private Uni<SecuritySection> security;
    private Uni<ContactsSection> contacts;
    private Uni<SuccessSection> success;

    ProfileReads(ProfileClient client, String id) {
        this.client = client;
        this.id = id;
    }

    public String customerId() {
        return id;
    }

    /** The customer, or null when profile-service does not know it for the caller's tenant. */
    public synchronized Uni<Customer> customer() {
        return customer = once(customer, () -> client.customer(id));
    }

    /** The newest {@code limit} notes (the first caller's limit; a view reads one page). */
    public synchronized Uni<Page<Note>> notes(int limit) {
        return notes = once(notes, () -> client.notes(id, limit));
    }

    public synchronized Uni<SubscriptionSection> subscription() {
        return subscription = once(subscription, () -> client.subscription(id));
    }

    public synchronized Uni<SupportSection> support() {
        return support = once(support, () -> client.support(id));
    }

    public synchronized Uni<EngagementSection> engagement() {
        return engagement = once(engagement, () -> client.engagement(id));
    }

    public synchronized Uni<UsageSection> usage() {
        return usage = once(usage, () -> client.usage(id));
    }

    public synchronized Uni<SalesSection> sales() {
        return sales = once(sales, () -> client.sales(id));
    }

    public synchronized Uni<SecuritySection> security() {
        return security = once(security, () -> client.security(id));
    }

    public synchronized Uni<ContactsSection> contacts() {
        return contacts = once(contacts, () -> client.contacts(id));
    }

    public synchronized Uni<SuccessSection> success() {
        return success = once(success, () -> client.success(id));
    }

    private static <T> Uni<T> once(Uni<T> memo, Supplier<Uni<T>> read) {
        return memo != null ? memo : read.get().memoize().indefinitely();
    }
}
