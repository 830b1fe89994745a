package io.customer360.common.nats;

import io.customer360.common.config.MeshConfig;
import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import jakarta.interceptor.Interceptor;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The service's one NATS connection. It reconnects forever once connected; the readiness check reports its state.
 * Names of subjects, streams and consumers go through {@link #subject} and {@link #name} so tests can isolate them.
 */
@Startup
@Singleton
public class NatsClient {

    private final Connection connection;
    private final JetStream jetStream;
    private final JetStreamManagement management;
    private final String subjectPrefix;
    private final String namePrefix;
    /**
     * How soon a connection that silently stopped working is noticed and replaced: a connection the server no longer
     * answers (seen after a NATS restart, ChaosIT) otherwise looks open while every pull and publish goes nowhere, until
     * jnats' default ping (every 2 minutes, 2 unanswered) gives up after 4-6 minutes. Pings every 5 s, 3 unanswered:
     * at most 20 s, for one ping each way per 5 s.
     */
    static final Duration PING_INTERVAL = Duration.ofSeconds(5);

    static final int MAX_PINGS_OUT = 3;

    private final List<Runnable> reconnectListeners = new CopyOnWriteArrayList<>();
    private final List<DurableConsumer> consumers = new CopyOnWriteArrayList<>();
    private final NatsTracing tracing;

    NatsClient(
            MeshConfig config,
            @ConfigProperty(name = "quarkus.application.name") String applicationName,
            NatsTracing tracing)
            throws IOException, InterruptedException {
        this.tracing = tracing;
        Options.Builder builder = Options.builder()
                .servers(config.nats().servers().split(","))
                .connectionName(applicationName)
                // each service may subscribe only to the inboxes of its own NATS user (docs/nats-security.md)
                .inboxPrefix("_INBOX." + config.nats().user().orElse(applicationName))
                .maxReconnects(-1)
                .reconnectWait(Duration.ofMillis(500))
                .pingInterval(PING_INTERVAL)
                .maxPingsOut(MAX_PINGS_OUT)
                .connectionTimeout(Duration.ofSeconds(5))
                .connectionListener((conn, event) -> {
                    Log.infof("NATS connection %s", event);
                    if (event == ConnectionListener.Events.RECONNECTED) {
                        // off the connection's callback thread: the listeners talk to the server
                        CompletableFuture.runAsync(() -> reconnectListeners.forEach(Runnable::run));
                    }
                });
        config.nats()
                .user()
                .ifPresent(
                        user -> builder.userInfo(user, config.nats().password().orElse("")));
        if (config.nats().tlsCaFile().isPresent()) {
            builder.sslContext(
                    NatsTls.trusting(Path.of(config.nats().tlsCaFile().get())));
        }
        this.connection = Nats.connect(builder.build());
        this.jetStream = connection.jetStream();
        this.management = connection.jetStreamManagement();
        this.subjectPrefix = config.nats().subjectPrefix().orElse("");
        this.namePrefix = config.nats().streamPrefix().orElse("");
        int streamReplicas = config.nats().streamReplicas();
        if (config.nats().provision()) {
            try {
                new Provisioner(
                                management,
                                this::subject,
                                this::name,
                                streamReplicas,
                                config.tenants(),
                                maxBytes(config))
                        .provision()
                        .forEach(change -> Log.infof("NATS topology: %s", change));
            } catch (JetStreamApiException e) {
                throw new IOException("Cannot provision the NATS topology", e);
            }
        }
    }

    /** The configured size limits of streams (mesh.streams.<NAME>.max-bytes), by contract name. */
    private static java.util.Map<String, Long> maxBytes(MeshConfig config) {
        java.util.Map<String, Long> limits = new java.util.HashMap<>();
        config.streams()
                .forEach((stream, limit) -> limit.maxBytes().ifPresent(size -> limits.put(stream, size.asLongValue())));
        return limits;
    }

    public Connection connection() {
        return connection;
    }

    public JetStream jetStream() {
        return jetStream;
    }

    public JetStreamManagement management() {
        return management;
    }

    /** Trace context in the headers of what this service publishes and consumes (docs/tracing.md). */
    public NatsTracing tracing() {
        return tracing;
    }

    /** A consumer bound on this connection: stopped and settled before the connection drains ({@link #stopConsuming}). */
    void consuming(DurableConsumer consumer) {
        consumers.add(consumer);
    }

    /**
     * First thing on shutdown, after in-flight HTTP requests finished: every consumer stops pulling and settles what it
     * received (DurableConsumer#closeAll), while the database and this connection are still open.
     */
    void stopConsuming(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) ShutdownEvent ignored) {
        DurableConsumer.closeAll(consumers);
    }

    /** Runs the listener after every reconnect (a NATS restart or failover), off the connection's thread. */
    public void onReconnect(Runnable listener) {
        reconnectListeners.add(listener);
    }

    /** The subject as seen on the wire: the configured prefix, then the contract's subject. */
    public String subject(String contractSubject) {
        return subjectPrefix + contractSubject;
    }

    /** The contract's subject from a wire subject, or null when the subject does not carry the prefix. */
    public String contractSubject(String wireSubject) {
        return wireSubject.startsWith(subjectPrefix) ? wireSubject.substring(subjectPrefix.length()) : null;
    }

    /** A stream or durable consumer name with the configured prefix. */
    public String name(String contractName) {
        return namePrefix + contractName;
    }

    /** Drains the connection: the acks and publishes still buffered reach the server before the process exits. */
    @PreDestroy
    void close() throws InterruptedException {
        try {
            connection.drain(Duration.ofSeconds(5)).get(6, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            Log.warnf("NATS connection not drained cleanly: %s", e.toString());
            connection.close();
        }
    }
}
