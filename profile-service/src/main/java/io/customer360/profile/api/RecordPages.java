package io.customer360.profile.api;

import io.customer360.common.api.Cursors;
import io.customer360.common.api.Page;
import io.customer360.common.contract.profile.StoredRecord;
import io.customer360.profile.domain.catalog.Section;
import io.customer360.profile.store.CustomerQueries.TimelinePosition;
import io.customer360.profile.store.SectionQueries;
import io.smallrye.mutiny.Uni;
import java.time.OffsetDateTime;
import java.util.List;

/** A page of a customer's records of some kinds, most recently changed first, with a keyset cursor. */
final class RecordPages {

    private RecordPages() {}

    /** The section a kind of record belongs to, as the visibility rules withhold it. */
    static Section section(String kind) {
        return switch (kind) {
            case "note" -> Section.NOTES;
            case "knowledge" -> Section.KNOWLEDGE;
            case "work_order" -> Section.WORK_ORDERS;
            default -> throw new IllegalArgumentException("Not a paged record kind: " + kind);
        };
    }

    static <T extends StoredRecord> Uni<Page<T>> page(
            SectionQueries sections,
            CustomerLookup lookup,
            String id,
            List<String> kinds,
            Class<T> type,
            String limit,
            String cursor) {
        int size = Page.limit(limit);
        TimelinePosition after = Cursors.decode(cursor, TimelinePosition::new);
        return lookup.require(id, kinds.stream().map(RecordPages::section).toArray(Section[]::new))
                .flatMap(customerId -> sections.page(
                        lookup.tenant(), customerId, kinds, type, lookup.maySeeSensitive(), after, size + 1))
                .map(items -> Page.of(
                        items, size, last -> Cursors.encode(OffsetDateTime.parse(last.lastChangedAt()), last.id())));
    }
}
