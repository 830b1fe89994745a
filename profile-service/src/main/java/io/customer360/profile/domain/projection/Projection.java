package io.customer360.profile.domain.projection;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.customer360.profile.domain.catalog.Section;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * What one event means for the store: changes to the customer's own fields, its timeline entry, the records it
 * changes, a purchase row for a purchase, and the sections that change.
 */
public record Projection(
        ObjectNode customerFields,
        TimelineEntry timeline,
        List<RecordChange> records,
        PurchaseRow purchase,
        Set<Section> sections) {

    /**
     * {@code searchable}: the partner wrote text (a title, subject, description or summary) worth finding.
     * {@code sensitive}: the event itself says so. {@code noteId}: the note the event writes, if any, and
     * {@code mark} what it says of that note's sensitivity ({@link SensitivityMark}), so the store can redact every
     * entry of a note that is sensitive, not only the entries that said so.
     */
    public record TimelineEntry(
            String title,
            String description,
            BigDecimal amount,
            String status,
            boolean sensitive,
            boolean searchable,
            String noteId,
            SensitivityMark mark) {}

    /** A change to one record: its fields as a last-writer-wins map. */
    public record RecordChange(String kind, String recordId, ObjectNode fields) {}

    public record PurchaseRow(
            String id,
            String productName,
            String productSku,
            Integer quantity,
            BigDecimal price,
            BigDecimal total,
            Instant warrantyExpires) {}
}
