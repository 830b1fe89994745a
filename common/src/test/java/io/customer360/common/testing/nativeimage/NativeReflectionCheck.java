package io.customer360.common.testing.nativeimage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.customer360.common.api.Problem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The check behind each service's {@code NativeReflectionTest}: every application class Jackson handled during this
 * JVM's {@code @QuarkusTest}s ({@link JacksonTypeRecorder}) is registered for reflection in a native build
 * ({@link ReflectionRegistrations}). Without it a native executable serializes such a class as {@code {}} or fails
 * to read it, while every JVM test passes.
 */
public final class NativeReflectionCheck {

    private NativeReflectionCheck() {}

    /**
     * Asserts that each recorded class of the service whose main classes hold {@code serviceClass} (or of common) is
     * registered. Skipped, not passed, when no {@code @QuarkusTest} ran before it in this JVM.
     */
    public static void assertRecordedTypesRegistered(Class<?> serviceClass) {
        List<String> recorded = recorded();
        assumeTrue(!recorded.isEmpty(), "no @QuarkusTest ran before this check in this JVM: nothing was recorded");
        ReflectionRegistrations registrations = ReflectionRegistrations.of(
                ReflectionRegistrations.rootOf(serviceClass), ReflectionRegistrations.rootOf(Problem.class));
        Map<String, Class<?>> mainClasses =
                registrations.classes().stream().collect(Collectors.toMap(Class::getName, Function.identity()));
        TreeSet<String> unregistered = recorded.stream()
                .filter(mainClasses::containsKey)
                .filter(name -> !registrations.isRegistered(mainClasses.get(name)))
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(unregistered)
                .as("classes Jackson (de)serialized in this test run that a native image cannot reflect on: annotate "
                        + "each with @RegisterForReflection (or name it in a @RegisterForReflection(targets = …)). "
                        + "Recorded in " + JacksonTypeRecorder.file().toAbsolutePath())
                .isEmpty();
    }

    private static List<String> recorded() {
        Path file = JacksonTypeRecorder.file();
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            return Files.readAllLines(file).stream()
                    .filter(line -> !line.isBlank())
                    .distinct()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
