package io.customer360.aggregator.client;

import io.customer360.common.api.Page;
import io.customer360.common.api.ProblemException;
import io.customer360.common.api.ProblemType;
import io.customer360.common.contract.profile.ContactsSection;
import io.customer360.common.contract.profile.Customer;
import io.customer360.common.contract.profile.CustomerSections;
import io.customer360.common.contract.profile.EngagementSection;
import io.customer360.common.contract.profile.Note;
import io.customer360.common.contract.profile.SalesSection;
import io.customer360.common.contract.profile.SecuritySection;
import io.customer360.common.contract.profile.SubscriptionSection;
import io.customer360.common.contract.profile.SuccessSection;
import io.customer360.common.contract.profile.SupportSection;
import io.customer360.common.contract.profile.UsageSection;
import io.smallrye.mutiny.Uni;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What one 360 view reads from profile-service about one customer, each part fetched at most once however many
 * providers read it (memoized, answer or failure alike). The customer and the parts named when it was made (what the
 * view's providers read) come from one call ({@code GET /customers/{id}/sections}) on first use; a part not named is
 * read from its own endpoint. The view asks {@link #customer()} first: a customer profile-service does not know (404 for
 * the caller's tenant) is answered before any provider runs. Made by {@link ProfileClient#reads}, for one view only: it
 * carries the caller's answers, never another caller's.
 */
public final class ProfileReads {

    /** The notes one call reads when {@code notes} is named: the newest ones, as many as a view shows. */
    public static final int NOTES = 10;

    private final ProfileClient client;
    private final String id;
    private final Set<String> together;
    private Uni<CustomerSections> sections;
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

    ProfileReads(ProfileClient client, String id, Set<String> together) {
        this.client = client;
        this.id = id;
        this.together = Set.copyOf(together);
    }

    public String customerId() {
        return id;
    }

    /** The customer, or null when profile-service does not know it for the caller's tenant. */
    public synchronized Uni<Customer> customer() {
        return customer = once(
                customer,
                () -> together.isEmpty()
                        ? client.customer(id)
                        : sections().map(found -> found == null ? null : found.customer()));
    }

    /** The newest {@code limit} notes (the first caller's limit; a view reads one page). */
    public synchronized Uni<Page<Note>> notes(int limit) {
        return notes = once(
                notes,
                () -> limit == NOTES && together.contains("notes")
                        ? part("notes", CustomerSections::notes)
                        : client.notes(id, limit));
    }

    public synchronized Uni<SubscriptionSection> subscription() {
        return subscription =
                once(subscription, () -> part("subscription", CustomerSections::subscription, client::subscription));
    }

    public synchronized Uni<SupportSection> support() {
        return support = once(support, () -> part("support", CustomerSections::support, client::support));
    }

    public synchronized Uni<EngagementSection> engagement() {
        return engagement =
                once(engagement, () -> part("engagement", CustomerSections::engagement, client::engagement));
    }

    public synchronized Uni<UsageSection> usage() {
        return usage = once(usage, () -> part("usage", CustomerSections::usage, client::usage));
    }

    public synchronized Uni<SalesSection> sales() {
        return sales = once(sales, () -> part("sales", CustomerSections::sales, client::sales));
    }

    public synchronized Uni<SecuritySection> security() {
        return security = once(security, () -> part("security", CustomerSections::security, client::security));
    }

    public synchronized Uni<ContactsSection> contacts() {
        return contacts = once(contacts, () -> part("contacts", CustomerSections::contacts, client::contacts));
    }

    public synchronized Uni<SuccessSection> success() {
        return success = once(success, () -> part("success", CustomerSections::success, client::success));
    }

    /** A part from the one call when it was named, else from its own endpoint. */
    private <T> Uni<T> part(String name, Function<CustomerSections, T> of, Function<String, Uni<T>> own) {
        return together.contains(name) ? part(name, of) : own.apply(id);
    }

    /**
     * A part of the one call's answer: null when the customer is unknown, the 403 problem its own endpoint would have
     * given when a visibility rule withholds it from the caller (named in {@code withheld}).
     */
    private <T> Uni<T> part(String name, Function<CustomerSections, T> of) {
        return sections().map(found -> {
            if (found == null) {
                return null;
            }
            if (found.withheld().stream().anyMatch(withheld -> withheld.part().equals(name))) {
                throw new ProblemException(ProblemType.FORBIDDEN, ProfileClient.WITHHELD);
            }
            return of.apply(found);
        });
    }

    private synchronized Uni<CustomerSections> sections() {
        return sections = once(sections, () -> client.sections(id, together, NOTES));
    }

    private static <T> Uni<T> once(Uni<T> memo, Supplier<Uni<T>> read) {
        return memo != null ? memo : read.get().memoize().indefinitely();
    }
}
