package io.customer360.common.testing;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.properties.HasName;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * The package convention of docs/architecture.md ("Inside a service"), checked on a service's production classes:
 * every class in a layer, layers used only in the allowed direction, NATS used only where messages enter ({@code api})
 * and leave or are read ({@code messaging}), no cycles between the top-level packages nor between the feature packages
 * beneath {@code service}.
 */
public final class PackageConvention {

    private static final String[] LAYERS = {"api", "service", "store", "client", "messaging", "config", "domain"};

    /**
     * What the other layers may use of NATS: common's types that only describe (names, keys, reasons), none that sends,
     * receives or manages; a class name here covers its nested classes.
     */
    private static final String[] DESCRIPTIVE_NATS_TYPES = {
        // the names and specs of the streams and consumers (domain builds subjects of them)
        "io.customer360.common.nats.Topology",
        // the customer token a subject names (a customer id, else an email's hash)
        "io.customer360.common.nats.CustomerTokens",
        // the span attributes of a tenant and its event ids (the aggregator's view tags its span with them)
        "io.customer360.common.nats.NatsTracing",
        // why a consumer refuses a message (profile's stitching rules name it)
        "io.customer360.common.nats.RefusedMessages$Reason"
    };

    private PackageConvention() {}

    /**
     * A dependency the layers do not allow but a service keeps for now, named with the reason; the class names are
     * fully qualified and cover their nested classes.
     */
    public record Exemption(String origin, String target, String why) {}

    /**
     * Checks the convention on the production classes under {@code basePackage}, e.g. "io.customer360.ingest",
     * ignoring only the exempted dependencies in the layer rule.
     */
    public static void check(String basePackage, Exemption... exemptions) {
        JavaClasses production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages(basePackage);
        // one composite rule, so that a failure lists the violations of every rule at once
        CompositeArchRule.of(everyClassInALayer(basePackage))
                .and(layers(basePackage, exemptions))
                .and(natsOnlyInApiAndMessaging(basePackage))
                .and(slices().matching(basePackage + ".(*)..").should().beFreeOfCycles())
                .and(slices().matching(basePackage + ".service.(*)..")
                        .should()
                        .beFreeOfCycles()
                        .allowEmptyShould(true))
                .check(production);
    }

    static ArchRule everyClassInALayer(String base) {
        String[] packages = new String[LAYERS.length];
        for (int i = 0; i < LAYERS.length; i++) {
            packages[i] = base + "." + LAYERS[i] + "..";
        }
        return classes()
                .should()
                .resideInAnyPackage(packages)
                .because("a class lives in one of the layers api, service, store, client, messaging, config, domain");
    }

    static ArchRule layers(String base, Exemption... exemptions) {
        LayeredArchitecture layers = layeredArchitecture()
                .consideringOnlyDependenciesInLayers()
                .withOptionalLayers(true)
                .layer("api")
                .definedBy(base + ".api..")
                .layer("service")
                .definedBy(base + ".service..")
                .layer("store")
                .definedBy(base + ".store..")
                .layer("client")
                .definedBy(base + ".client..")
                .layer("messaging")
                .definedBy(base + ".messaging..")
                .layer("config")
                .definedBy(base + ".config..")
                .layer("domain")
                .definedBy(base + ".domain..")
                // requests and messages enter in api; nothing calls back into it
                .whereLayer("api")
                .mayNotBeAccessedByAnyLayer()
                // plain reads with no rules may go from api straight to a store
                .whereLayer("api")
                .mayOnlyAccessLayers("service", "store", "domain", "config")
                .whereLayer("service")
                .mayOnlyAccessLayers("store", "client", "messaging", "domain", "config")
                // the adapters know the shared types and their configuration, never the rules
                .whereLayer("store")
                .mayOnlyAccessLayers("domain", "config")
                .whereLayer("client")
                .mayOnlyAccessLayers("domain", "config")
                .whereLayer("messaging")
                .mayOnlyAccessLayers("domain", "config")
                .whereLayer("config")
                .mayOnlyAccessLayers("domain")
                .whereLayer("domain")
                .mayNotAccessAnyLayer();
        for (Exemption exemption : exemptions) {
            layers = layers.ignoreDependency(classOrNested(exemption.origin()), classOrNested(exemption.target()));
        }
        return layers;
    }

    static ArchRule natsOnlyInApiAndMessaging(String base) {
        DescribedPredicate<JavaClass> descriptive = DescribedPredicate.or(Arrays.stream(DESCRIPTIVE_NATS_TYPES)
                .map(PackageConvention::classOrNested)
                .toList());
        return noClasses()
                .that()
                .resideOutsideOfPackages(base + ".api..", base + ".messaging..")
                .should()
                .dependOnClassesThat(resideInAnyPackage("io.nats..", "io.customer360.common.nats..")
                        .and(DescribedPredicate.not(descriptive))
                        .as("are NATS types (io.nats.., common.nats.. other than Topology, CustomerTokens, "
                                + "NatsTracing and RefusedMessages.Reason)"))
                .because("messages enter in api (api.nats) and leave or are read in messaging; the other layers "
                        + "call those, and may use of NATS only common's descriptive types");
    }

    private static DescribedPredicate<HasName> classOrNested(String className) {
        return HasName.Predicates.nameMatching(Pattern.quote(className) + "(\\$.*)?");
    }
}
