package io.customer360.profile.domain.catalog;

import java.util.List;
import java.util.Map;

/**
 * One event type of the catalog: the section of the 360 view it feeds, what it means, the records it changes (none:
 * the timeline entry is the fact, and counts are derived from timeline rows), and an example of its {@code data}.
 */
public record EventType(
        String name, Section section, String description, List<RecordSpec> records, Map<String, Object> example) {}
