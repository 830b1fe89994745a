package io.customer360.common.testing.nativeimage;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.BeanSerializerModifier;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A Jackson module, installed on the services' ObjectMapper in tests only, that writes down every application class
 * ({@code io.customer360…}) Jackson builds a serializer or deserializer for: the classes a native image must be able
 * to reflect on. {@link NativeReflectionCheck} then checks each one is registered.
 *
 * <p>Each service installs it with a one-line {@code ObjectMapperCustomizer} bean under {@code src/test}. The classes
 * go to a file named after this JVM's pid (not a static set) because a {@code @QuarkusTest}'s application and the
 * plain JUnit check run in different class loaders of the same JVM.
 */
public final class JacksonTypeRecorder {

    static final String APPLICATION_PACKAGE = "io.customer360.";
    private static final Set<String> WRITTEN = ConcurrentHashMap.newKeySet();

    private JacksonTypeRecorder() {}

    /** Installs the recording module on {@code mapper}. */
    public static void install(ObjectMapper mapper) {
        SimpleModule module = new SimpleModule("c360-jackson-type-recorder");
        module.setSerializerModifier(new BeanSerializerModifier() {
            @Override
            public JsonSerializer<?> modifySerializer(
                    SerializationConfig config, BeanDescription description, JsonSerializer<?> serializer) {
                record(description.getBeanClass());
                return serializer;
            }

            @Override
            public JsonSerializer<?> modifyEnumSerializer(
                    SerializationConfig config,
                    JavaType type,
                    BeanDescription description,
                    JsonSerializer<?> serializer) {
                record(type.getRawClass());
                return serializer;
            }
        });
        module.setDeserializerModifier(new BeanDeserializerModifier() {
            @Override
            public JsonDeserializer<?> modifyDeserializer(
                    DeserializationConfig config, BeanDescription description, JsonDeserializer<?> deserializer) {
                record(description.getBeanClass());
                return deserializer;
            }

            @Override
            public JsonDeserializer<?> modifyEnumDeserializer(
                    DeserializationConfig config,
                    JavaType type,
                    BeanDescription description,
                    JsonDeserializer<?> deserializer) {
                record(type.getRawClass());
                return deserializer;
            }
        });
        mapper.registerModule(module);
    }

    /** The file this JVM records into: {@code target/native-check/jackson-types-<pid>.txt} of the module under test. */
    static Path file() {
        return Path.of(
                "target",
                "native-check",
                "jackson-types-" + ProcessHandle.current().pid() + ".txt");
    }

    private static void record(Class<?> type) {
        if (type == null || !type.getName().startsWith(APPLICATION_PACKAGE) || !WRITTEN.add(type.getName())) {
            return;
        }
        try {
            Files.createDirectories(file().getParent());
            Files.writeString(
                    file(),
                    type.getName() + "\n",
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("could not record " + type.getName(), e);
        }
    }
}
