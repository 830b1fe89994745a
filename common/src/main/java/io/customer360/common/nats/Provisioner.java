package io.customer360.common.nats;

import io.customer360.common.nats.Topology.ConsumerSpec;
import io.customer360.common.nats.Topology.StreamSpec;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Creates the {@link Topology}'s streams and durable consumers, or brings them up to date, idempotently. Used by the
 * provisioning step ({@link Provision}) and, against a NATS without accounts, by tests and dev mode.
 */
public final class Provisioner {

    private static final int STREAM_NOT_FOUND = 10059;
    /** JetStream's "no limit". */
    private static final long UNLIMITED = -1;

    private final JetStreamManagement jsm;
    private final UnaryOperator<String> subject;
    private final UnaryOperator<String> name;
    private final int replicas;
    private final Collection<String> tenants;
    private final Map<String, Long> maxBytes;

    /**
     * {@code subject} and {@code name} map the contract's subjects and names to the wire's (prefixes of tests);
     * {@code tenants} are the declared tenants, each with a partner stream. No stream has a size limit.
     */
    public Provisioner(
            JetStreamManagement jsm,
            UnaryOperator<String> subject,
            UnaryOperator<String> name,
            int replicas,
            Collection<String> tenants) {
        this(jsm, subject, name, replicas, tenants, Map.of());
    }

    /**
     * As above, with {@code maxBytes}: the size limit of a stream by its contract name ({@code HTTP_EVENTS},
     * {@code CUSTOMER_EVENTS_ACME}); a stream not named has none. NATS reserves each limit in its store
     * ({@code max_file_store}), so their sum must fit there.
     */
    public Provisioner(
            JetStreamManagement jsm,
            UnaryOperator<String> subject,
            UnaryOperator<String> name,
            int replicas,
            Collection<String> tenants,
            Map<String, Long> maxBytes) {
        this.jsm = jsm;
        this.subject = subject;
        this.name = name;
        this.replicas = replicas;
        this.tenants = tenants;
        this.maxBytes = Map.copyOf(maxBytes);
    }

    /** Returns one line per stream or consumer created or changed. */
    public List<String> provision() throws IOException, JetStreamApiException {
        List<String> changes = new ArrayList<>();
        for (StreamSpec stream : Topology.streams(tenants)) {
            ensure(stream, changes);
        }
        for (ConsumerSpec consumer : Topology.consumers(tenants)) {
            ensure(consumer, changes);
        }
        return changes;
    }

    public StreamConfiguration configuration(StreamSpec spec) {
        return StreamConfiguration.builder()
                .name(name.apply(spec.name()))
                .subjects(spec.subjects().stream().map(subject).toList())
                .retentionPolicy(RetentionPolicy.Limits)
                .storageType(StorageType.File)
                .maxAge(spec.maxAge())
                .duplicateWindow(spec.duplicateWindow())
                .maxBytes(maxBytes.getOrDefault(spec.name(), UNLIMITED))
                .discardPolicy(spec.discard())
                .replicas(replicas)
                .build();
    }

    public ConsumerConfiguration configuration(ConsumerSpec spec) {
        ConsumerConfiguration.Builder builder = ConsumerConfiguration.builder()
                .durable(name.apply(spec.durable()))
                .deliverPolicy(spec.deliverPolicy())
                .ackPolicy(AckPolicy.Explicit)
                .ackWait(spec.ackWait())
                .maxAckPending(spec.maxAckPending());
        if (spec.filterSubject() != null) {
            builder.filterSubject(subject.apply(spec.filterSubject()));
        }
        return builder.build();
    }

    private void ensure(StreamSpec spec, List<String> changes) throws IOException, JetStreamApiException {
        StreamConfiguration wanted = configuration(spec);
        StreamInfo existing;
        try {
            existing = jsm.getStreamInfo(wanted.getName());
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() != STREAM_NOT_FOUND) {
                throw e;
            }
            jsm.addStream(wanted);
            changes.add("created stream " + wanted.getName() + " " + wanted.getSubjects());
            return;
        }
        StreamConfiguration current = existing.getConfiguration();
        if (!current.getSubjects().equals(wanted.getSubjects())
                || !current.getMaxAge().equals(wanted.getMaxAge())
                || !current.getDuplicateWindow().equals(wanted.getDuplicateWindow())
                || current.getMaxBytes() != wanted.getMaxBytes()
                || current.getDiscardPolicy() != wanted.getDiscardPolicy()) {
            // the replicas of an existing stream are the operator's to change (nats stream edit --replicas)
            jsm.updateStream(StreamConfiguration.builder(wanted)
                    .replicas(current.getReplicas())
                    .build());
            changes.add("updated stream " + wanted.getName() + " " + wanted.getSubjects() + " max_bytes "
                    + wanted.getMaxBytes() + " discard " + wanted.getDiscardPolicy());
        }
    }

    private void ensure(ConsumerSpec spec, List<String> changes) throws IOException, JetStreamApiException {
        ConsumerConfiguration wanted = configuration(spec);
        String stream = name.apply(spec.stream());
        boolean exists = jsm.getConsumerNames(stream).contains(wanted.getDurable());
        jsm.addOrUpdateConsumer(stream, wanted);
        if (!exists) {
            changes.add("created consumer " + stream + "/" + wanted.getDurable());
        }
    }
}
