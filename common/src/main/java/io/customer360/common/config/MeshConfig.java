package io.customer360.common.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithDefault;
import java.util.Map;
import java.util.Optional;

/** Settings every service shares. */
@ConfigMapping(prefix = "mesh")
public interface MeshConfig {

    /** Name of the token claim that names the caller's tenant (organization). */
    @WithDefault("org_id")
    String tenantClaim();

    /** The declared tenants (organizations); each has a partner stream (NATS topology). */
    @WithDefault("acme,globex")
    java.util.List<String> tenants();

    /** NATS connection and naming. */
    Nats nats();

    /**
     * Limits of the topology's streams by name ({@code mesh.streams.HTTP_EVENTS.max-bytes=6G}), applied when this
     * service provisions them ({@code mesh.nats.provision}); in k8s the provisioning Job applies ConfigMap
     * {@code nats-stream-limits} instead. A stream not named here has no size limit (dev and tests).
     */
    Map<String, StreamLimits> streams();

    interface StreamLimits {
        /**
         * The stream's {@code max_bytes} (1024-based: {@code 512M}, {@code 6G}); unset means none. NATS reserves it in
         * its store, so the limits of all streams must fit the server's {@code max_file_store}.
         */
        @WithConverter(MemorySizeConverter.class)
        Optional<MemorySize> maxBytes();
    }

    interface Nats {
        /** Comma-separated NATS server URLs. */
        @WithDefault("nats://127.0.0.1:4222")
        String servers();

        /**
         * Prepended to every subject this service publishes or consumes; tests set it so they never share
         * subjects with a running mesh. Empty in production.
         */
        Optional<String> subjectPrefix();

        /** Prepended to every stream and durable consumer name, for the same reason. */
        Optional<String> streamPrefix();

        /** Replicas of the streams the topology declares: 1 on a single server, 3 on a JetStream cluster. */
        @WithDefault("1")
        int streamReplicas();

        /** The service's own NATS user (NATS_USER); empty on a server without authentication. */
        Optional<String> user();

        /** Its password (NATS_PASSWORD). */
        Optional<String> password();

        /**
         * A PEM file of the CA that signed the NATS servers' certificate (prod: {@code tls://} URLs); without it the
         * JVM's default trust store decides.
         */
        Optional<String> tlsCaFile();

        /**
         * Whether this service creates the streams and durable consumers of the topology itself at start-up. Off in
         * production, where the provisioning step does it with its own identity and services may not; on in tests and
         * dev mode, against a NATS without accounts.
         */
        @WithDefault("false")
        boolean provision();
    }
}
