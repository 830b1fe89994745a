package io.customer360.enrichment.domain;

import com.fasterxml.jackson.databind.JsonNode;
import io.customer360.common.contract.enrichment.CustomerEnrichment;
import io.customer360.common.contract.enrichment.EnrichmentField;
import io.customer360.common.contract.enrichment.ProviderFailure;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Builds the answer from stored fields: only the tier's data types, grouped the way the seed shows them. */
public final class EnrichmentViews {

    private static final List<String> SOCIAL_PREFERENCE = List.of("linkedin", "twitter", "facebook");

    private EnrichmentViews() {}

    public static CustomerEnrichment of(
            String customerId,
            Tier tier,
            List<EnrichmentField> stored,
            OffsetDateTime now,
            boolean charged,
            List<ProviderFailure> degraded) {
        Set<DataType> allowed = tier.dataTypes();
        List<EnrichmentField> fields = stored.stream()
                .filter(field -> allowed.contains(DataType.fromWire(field.dataType())))
                .toList();
        OffsetDateTime expiresAt = fields.stream()
                .map(EnrichmentField::expiresAt)
                .min(Comparator.naturalOrder())
                .orElse(null);
        return new CustomerEnrichment(
                customerId,
                !fields.isEmpty(),
                expiresAt != null && expiresAt.isAfter(now),
                charged,
                tier.wireName(),
                section(fields, DataType.PERSON),
                section(fields, DataType.BUSINESS),
                social(fields),
                properties(fields),
                fields,
                fields.stream()
                        .map(EnrichmentField::retrievedAt)
                        .max(Comparator.naturalOrder())
                        .orElse(null),
                expiresAt,
                degraded);
    }

    /** Whether the stored data of the tier's data types can be served without a new enrichment: some, none expired. */
    public static boolean fresh(Tier tier, List<EnrichmentField> stored, OffsetDateTime now) {
        List<EnrichmentField> fields = stored.stream()
                .filter(field -> tier.dataTypes().contains(DataType.fromWire(field.dataType())))
                .toList();
        return !fields.isEmpty()
                && fields.stream().allMatch(field -> field.expiresAt().isAfter(now));
    }

    private static Map<String, JsonNode> section(List<EnrichmentField> fields, DataType type) {
        Map<String, JsonNode> section = new LinkedHashMap<>();
        fields.stream()
                .filter(field -> field.dataType().equals(type.wireName()))
                .forEach(field -> section.put(field.field(), field.value()));
        return section.isEmpty() ? null : section;
    }

    private static CustomerEnrichment.Social social(List<EnrichmentField> fields) {
        Map<String, JsonNode> found = section(fields, DataType.SOCIAL);
        if (found == null) {
            return null;
        }
        Map<String, CustomerEnrichment.Profile> profiles = new LinkedHashMap<>();
        for (String network : SOCIAL_PREFERENCE) {
            JsonNode url = found.get(network);
            profiles.put(network, url == null ? null : new CustomerEnrichment.Profile(url.asText()));
        }
        String preferred = SOCIAL_PREFERENCE.stream()
                .filter(network -> profiles.get(network) != null)
                .findFirst()
                .orElse(null);
        return new CustomerEnrichment.Social(profiles, preferred);
    }

    private static List<Map<String, Object>> properties(List<EnrichmentField> fields) {
        Map<String, JsonNode> found = section(fields, DataType.PROPERTY);
        if (found == null) {
            return List.of();
        }
        Map<String, Object> property = new LinkedHashMap<>();
        found.forEach((field, value) -> {
            if (!field.equals("marketValue")) {
                property.put(field, value);
            }
        });
        Map<String, Object> ownership = new LinkedHashMap<>();
        ownership.put("marketValue", found.get("marketValue"));
        property.put("ownership", ownership);
        return new ArrayList<>(List.of(property));
    }
}
