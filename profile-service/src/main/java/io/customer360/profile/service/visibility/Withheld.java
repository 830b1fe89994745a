package io.customer360.profile.service.visibility;

import io.customer360.profile.domain.catalog.EventCatalog;
import io.customer360.profile.domain.catalog.EventType;
import io.customer360.profile.domain.catalog.Section;
import java.util.Map;

/**
 * What the visibility rules withhold from one caller for one customer: sections of the customer (each with the
 * reason), and whether the health and exit state copied onto the profile are withheld too.
 */
public record Withheld(Map<Section, String> sections, String health, String exitState) {

    public static final Withheld NOTHING = new Withheld(Map.of(), null, null);

    public boolean any() {
        return !sections.isEmpty() || health != null || exitState != null;
    }

    public boolean withholds(Section section) {
        return sections.containsKey(section);
    }

    /** An event type whose section is withheld (its timeline entries, its interactions in analytics). */
    public boolean withholdsEventType(String eventType) {
        return !sections.isEmpty()
                && EventCatalog.find(eventType)
                        .map(EventType::section)
                        .map(sections::containsKey)
                        .orElse(false);
    }
}
