package io.customer360.enrichment.service.provider;

import io.customer360.enrichment.client.provider.EnrichmentProvider;
import io.customer360.enrichment.config.EnrichmentConfig;
import io.customer360.enrichment.domain.DataType;
import io.customer360.enrichment.service.metrics.EnrichmentMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The providers this service knows, guarded, and each data type's waterfall order from configuration. */
@ApplicationScoped
public class ProviderRegistry {

    private final Map<String, GuardedProvider> byName = new LinkedHashMap<>();
    private final Map<DataType, List<GuardedProvider>> waterfalls = new LinkedHashMap<>();

    ProviderRegistry(Instance<EnrichmentProvider> providers, EnrichmentConfig config, EnrichmentMetrics metrics) {
        for (EnrichmentProvider provider : providers) {
            EnrichmentConfig.Provider settings = config.providers().get(provider.name());
            if (settings == null) {
                throw new IllegalStateException("No enrichment.providers." + provider.name() + " configuration");
            }
            byName.put(provider.name(), new GuardedProvider(provider, settings, metrics));
        }
        waterfalls.put(DataType.PERSON, ordered(config.waterfall().person(), DataType.PERSON));
        waterfalls.put(DataType.BUSINESS, ordered(config.waterfall().business(), DataType.BUSINESS));
        waterfalls.put(DataType.PROPERTY, ordered(config.waterfall().property(), DataType.PROPERTY));
    }

    /** The providers of a data type's waterfall in order (social has none: person providers report it). */
    public List<GuardedProvider> waterfall(DataType type) {
        return waterfalls.getOrDefault(type, List.of());
    }

    public List<GuardedProvider> all() {
        return List.copyOf(byName.values());
    }

    private List<GuardedProvider> ordered(List<String> names, DataType type) {
        List<GuardedProvider> ordered = new ArrayList<>();
        for (String name : names) {
            GuardedProvider provider = byName.get(name.strip());
            if (provider == null || provider.dataType() != type) {
                throw new IllegalStateException("enrichment.waterfall." + type.wireName() + " names '" + name
                        + "', which is not a " + type.wireName() + " provider");
            }
            ordered.add(provider);
        }
        return List.copyOf(ordered);
    }
}
