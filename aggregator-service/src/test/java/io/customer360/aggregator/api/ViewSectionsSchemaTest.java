package io.customer360.aggregator.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.customer360.aggregator.testing.ViewSchemas;
import io.customer360.common.contract.enrichment.CustomerEnrichment;
import io.customer360.common.contract.enrichment.EnrichmentField;
import io.customer360.common.contract.enrichment.ProviderFailure;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * view-sections.schema.json against what the view writes. The view tests run without enrichment-service, so its
 * answer, which the view passes through, is checked here as the aggregator writes it back (valueToTree with the
 * service's settings: dates as ISO-8601 text); and the schema refuses a member of another type.
 */
class ViewSectionsSchemaTest {

    /** As Quarkus configures the service's ObjectMapper (quarkus.jackson.write-dates-as-timestamps=false). */
    private static final ObjectMapper SERVICE = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    private static final OffsetDateTime RETRIEVED = OffsetDateTime.of(2026, 11, 3, 9, 30, 0, 0, ZoneOffset.UTC);

    @Test
    void enrichmentServicesAnswerPassedThroughIsValid() {
        Map<String, JsonNode> person = new LinkedHashMap<>();
        person.put("fullName", SERVICE.valueToTree("Ada Lovelace"));
        person.put("seniority", SERVICE.getNodeFactory().nullNode());
        Map<String, CustomerEnrichment.Profile> profiles = new LinkedHashMap<>();
        profiles.put("linkedin", new CustomerEnrichment.Profile("https://linkedin.com/in/ada"));
        profiles.put("twitter", null);
        profiles.put("facebook", null);
        Map<String, Object> ownership = new LinkedHashMap<>();
        ownership.put("marketValue", SERVICE.valueToTree(950000));
        Map<String, Object> property = new LinkedHashMap<>();
        property.put("address", SERVICE.valueToTree("1 Main St"));
        property.put("ownership", ownership);
        CustomerEnrichment enriched = new CustomerEnrichment(
                "cust_1",
                true,
                true,
                false,
                "enterprise",
                person,
                Map.of("employees", SERVICE.valueToTree(120)),
                new CustomerEnrichment.Social(profiles, "linkedin"),
                List.of(property),
                List.of(new EnrichmentField(
                        "person",
                        "fullName",
                        SERVICE.valueToTree("Ada Lovelace"),
                        "clearbit",
                        new BigDecimal("0.950"),
                        RETRIEVED,
                        RETRIEVED.plusDays(30),
                        new BigDecimal("0.0100"))),
                RETRIEVED,
                RETRIEVED.plusDays(30),
                List.of(new ProviderFailure("business", "opencorporates", "no match")));
        CustomerEnrichment neverEnriched = new CustomerEnrichment(
                "cust_2", false, false, false, "free", null, null, null, List.of(), List.of(), null, null, List.of());

        for (JsonNode answer : List.of(
                SERVICE.valueToTree(enriched), SERVICE.valueToTree(neverEnriched), SERVICE.createObjectNode())) {
            assertThat(violations(view().set("enrichment", answer)))
                    .as(answer.toString())
                    .isEmpty();
        }
    }

    @Test
    void aMemberOfAnotherTypeOrAnUndescribedOneIsRefused() {
        ObjectNode plan = view();
        ObjectNode section = plan.putObject("successPlan")
                .put("milestones", 2)
                .put("completed", 1)
                .put("atRisk", 0)
                .putNull("csHealthScore")
                .putNull("csHealthScoreAt");
        section.putArray("items");
        section.putArray("healthEvents");
        assertThat(violations(plan)).isEmpty();
        section.put("milestones", "2");
        assertThat(violations(plan)).isNotEmpty();

        ObjectNode notes = view();
        ObjectNode note = notes.putArray("keyNotes")
                .addObject()
                .put("id", "n1")
                .putNull("title")
                .putNull("content")
                .putNull("category")
                .put("sensitive", true)
                .put("redacted", true)
                .put("lastChangedAt", "2026-11-03T09:30Z");
        assertThat(violations(notes)).isEmpty();
        note.put("author", "someone");
        assertThat(violations(notes)).isNotEmpty();

        ObjectNode enrichment = view();
        ObjectNode answer =
                enrichment.putObject("enrichment").put("enriched", true).put("anotherMember", 1);
        assertThat(violations(enrichment)).isEmpty();
        answer.put("enriched", "yes");
        assertThat(violations(enrichment)).isNotEmpty();
    }

    /** A view whose extra sections are all null (valid), to set one of them on. */
    private static ObjectNode view() {
        ObjectNode view = SERVICE.createObjectNode();
        List.of("successPlan", "salesPipeline", "securitySummary", "enrichment", "keyNotes")
                .forEach(view::putNull);
        return view;
    }

    private static List<String> violations(JsonNode view) {
        return ViewSchemas.violations(ViewSchemas.SECTIONS, view);
    }
}
