package io.customer360.common.nats;

import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import io.quarkus.logging.Log;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/** Declares the JetStream streams a service produces to, idempotently, at start-up. */
public final class Streams {

    private static final int STREAM_NOT_FOUND = 10059;

    private Streams() {
    }

    /**
     * Creates the stream or brings its subjects up to date. Retention is an explicit event log (limits),
     * file storage, with a duplicate window so a re-published message id is stored once.
     */
    public static void ensure(JetStreamManagement jsm, String name, List<String> subjects, Duration maxAge,
            Duration duplicateWindow, int replicas) throws IOException, JetStreamApiException {
        StreamConfiguration wanted = StreamConfiguration.builder()
                .name(name)
                .subjects(subjects)
                .retentionPolicy(RetentionPolicy.Limits)
                .storageType(StorageType.File)
                .maxAge(maxAge)
                .duplicateWindow(duplicateWindow)
                .replicas(replicas)
                .build();
        StreamInfo existing;
        try {
            existing = jsm.getStreamInfo(name);
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() != STREAM_NOT_FOUND) {
                throw e;
            }
            jsm.addStream(wanted);
            Log.infof("Created stream %s over %s", name, subjects);
            return;
        }
        if (!existing.getConfiguration().getSubjects().containsAll(subjects)) {
            jsm.updateStream(wanted);
            Log.infof("Updated stream %s to %s", name, subjects);
        }
    }
}
