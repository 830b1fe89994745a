package io.customer360.profile.domain.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * docs/event-catalog.md is the catalog as the code has it: every type with its fields and an example, nothing else.
 * After changing the catalog, run this test with REWRITE_EVENT_CATALOG=true to rewrite the document, and review it.
 */
class EventCatalogDocumentationTest {

    private static final Path DOCUMENT = Path.of("docs/event-catalog.md");

    @Test
    void documentIsTheCatalog() throws IOException {
        String rendered = EventCatalogDocument.markdown();
        if ("true".equals(System.getenv("REWRITE_EVENT_CATALOG"))) {
            Files.createDirectories(DOCUMENT.getParent());
            Files.writeString(DOCUMENT, rendered);
        }
        assertThat(Files.readString(DOCUMENT)).isEqualTo(rendered);
    }

    @Test
    void everyTypeHasARowAndAnExample() {
        String rendered = EventCatalogDocument.markdown();
        for (EventType type : EventCatalog.all()) {
            assertThat(rendered).as(type.name()).contains("| `" + type.name() + "` |");
            assertThat(rendered).as(type.name()).contains("\"event_type\" : \"" + type.name() + "\"");
        }
    }
}
