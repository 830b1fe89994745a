package io.customer360.common.testing.nativeimage;

import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.ws.rs.HttpMethod;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Which application classes a native build of a service registers for reflection, worked out from the compiled
 * classes the way Quarkus does at build time:
 * <ul>
 * <li>{@code @RegisterForReflection} on a class registers it, or, when it names {@code targets}/{@code classNames},
 * those instead of itself; nested classes too unless {@code ignoreNested}; their whole hierarchy with
 * {@code registerFullHierarchy}.</li>
 * <li>Quarkus REST (server resources and REST client interfaces) registers the hierarchy of each HTTP method's
 * return type and body parameter: the type, the type arguments of a generic type ({@code Uni<T>},
 * {@code List<T>}), superclasses, interfaces, subtypes, and the types of fields and of no-argument methods,
 * recursively. An entity inside a {@code Response} is not among them.</li>
 * </ul>
 * Anything else Jackson handles must be registered by hand.
 */
public final class ReflectionRegistrations {

    private final List<Class<?>> classes;
    private final Set<Class<?>> registered = new LinkedHashSet<>();

    private ReflectionRegistrations(List<Class<?>> classes) {
        this.classes = classes;
        for (Class<?> type : classes) {
            RegisterForReflection annotation = type.getAnnotation(RegisterForReflection.class);
            if (annotation != null) {
                byAnnotation(type, annotation);
            }
            for (Method method : type.getDeclaredMethods()) {
                if (isHttpMethod(method)) {
                    byRest(method);
                }
            }
        }
    }

    /** The registrations of the application classes compiled into {@code roots} (class directories or jars). */
    public static ReflectionRegistrations of(Path... roots) {
        List<Class<?>> classes = Arrays.stream(roots)
                .flatMap(ReflectionRegistrations::classNames)
                .distinct()
                .map(ReflectionRegistrations::load)
                .filter(type -> type != null)
                .toList();
        return new ReflectionRegistrations(classes);
    }

    /** Where {@code type} was loaded from: its class directory or jar. */
    public static Path rootOf(Class<?> type) {
        try {
            return Path.of(
                    type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every application class found under the roots. */
    public List<Class<?>> classes() {
        return classes;
    }

    public boolean isRegistered(Class<?> type) {
        return registered.contains(type);
    }

    private void byAnnotation(Class<?> holder, RegisterForReflection annotation) {
        List<Class<?>> targets = new java.util.ArrayList<>(Arrays.asList(annotation.targets()));
        for (String name : annotation.classNames()) {
            Class<?> named = load(name);
            if (named != null) {
                targets.add(named);
            }
        }
        if (targets.isEmpty()) {
            targets.add(holder);
        }
        for (Class<?> target : targets) {
            if (annotation.registerFullHierarchy()) {
                hierarchy(target);
            } else {
                withNested(target, annotation.ignoreNested());
            }
        }
    }

    private void withNested(Class<?> type, boolean ignoreNested) {
        registered.add(type);
        if (!ignoreNested) {
            for (Class<?> nested : type.getDeclaredClasses()) {
                withNested(nested, false);
            }
        }
    }

    private static boolean isHttpMethod(Method method) {
        return Arrays.stream(method.getAnnotations())
                .anyMatch(annotation -> annotation.annotationType().isAnnotationPresent(HttpMethod.class));
    }

    private void byRest(Method method) {
        hierarchy(method.getGenericReturnType());
        Type[] types = method.getGenericParameterTypes();
        Parameter[] parameters = method.getParameters();
        for (int i = 0; i < parameters.length; i++) {
            if (isBody(parameters[i])) {
                hierarchy(types[i]);
            }
        }
    }

    /** A parameter with no JAX-RS or RESTEasy Reactive annotation ({@code @PathParam}, {@code @RestQuery}, …). */
    private static boolean isBody(Parameter parameter) {
        for (Annotation annotation : parameter.getAnnotations()) {
            String name = annotation.annotationType().getName();
            if (name.startsWith("jakarta.ws.rs.") || name.startsWith("org.jboss.resteasy.reactive.")) {
                return false;
            }
        }
        return true;
    }

    /**
     * Quarkus' reflective hierarchy (ReflectiveHierarchyStep), for application classes. A type reached as a type
     * (a field, a type argument, an interface) brings its subtypes; a superclass or the raw class of a generic type
     * does not.
     */
    private void hierarchy(Type root) {
        Deque<Visit> pending = new ArrayDeque<>();
        pending.add(new Visit(root, true));
        Set<Class<?>> visited = new LinkedHashSet<>();
        while (!pending.isEmpty()) {
            Visit visit = pending.poll();
            if (visit.type() instanceof ParameterizedType parameterized) {
                pending.add(new Visit(parameterized.getRawType(), false));
                Arrays.stream(parameterized.getActualTypeArguments())
                        .forEach(argument -> pending.add(new Visit(argument, true)));
            } else if (visit.type() instanceof GenericArrayType array) {
                pending.add(new Visit(array.getGenericComponentType(), true));
            } else if (visit.type() instanceof Class<?> type && type.isArray()) {
                pending.add(new Visit(type.getComponentType(), true));
            } else if (visit.type() instanceof Class<?> type && isApplication(type)) {
                if (visit.subtypes()) {
                    classes.stream()
                            .filter(candidate -> candidate != type && type.isAssignableFrom(candidate))
                            .forEach(subtype -> pending.add(new Visit(subtype, false)));
                }
                if (!visited.add(type)) {
                    continue;
                }
                registered.add(type);
                if (type.getGenericSuperclass() != null) {
                    pending.add(new Visit(type.getGenericSuperclass(), false));
                }
                Arrays.stream(type.getGenericInterfaces()).forEach(face -> pending.add(new Visit(face, true)));
                for (Field field : type.getDeclaredFields()) {
                    if (!Modifier.isStatic(field.getModifiers()) && !field.isSynthetic()) {
                        pending.add(new Visit(field.getGenericType(), true));
                    }
                }
                for (Method method : type.getDeclaredMethods()) {
                    if (method.getParameterCount() == 0
                            && !Modifier.isStatic(method.getModifiers())
                            && method.getReturnType() != void.class) {
                        pending.add(new Visit(method.getGenericReturnType(), true));
                    }
                }
            }
            // type variables and wildcards: Quarkus registers nothing for them either
        }
    }

    private record Visit(Type type, boolean subtypes) {}

    static boolean isApplication(Class<?> type) {
        return type.getName().startsWith(JacksonTypeRecorder.APPLICATION_PACKAGE);
    }

    private static Stream<String> classNames(Path root) {
        try {
            if (Files.isDirectory(root)) {
                try (Stream<Path> files = Files.walk(root)) {
                    return files
                            .map(root::relativize)
                            .map(Path::toString)
                            .filter(ReflectionRegistrations::isClassFile)
                            .map(ReflectionRegistrations::className)
                            .toList()
                            .stream();
                }
            }
            try (JarFile jar = new JarFile(root.toFile())) {
                return jar.stream()
                        .map(entry -> entry.getName())
                        .filter(ReflectionRegistrations::isClassFile)
                        .map(ReflectionRegistrations::className)
                        .toList()
                        .stream();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not list the classes of " + root, e);
        }
    }

    private static boolean isClassFile(String path) {
        return path.endsWith(".class")
                && path.replace('\\', '/').startsWith("io/customer360/")
                && !path.endsWith("module-info.class")
                && !path.endsWith("package-info.class");
    }

    private static String className(String path) {
        return path.replace('\\', '/').replace('/', '.').substring(0, path.length() - ".class".length());
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, Thread.currentThread().getContextClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }
}
