package io.customer360.aggregator.service.provider.sources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import java.util.List;

/** Combines several profile-service reads into one provider answer: null when any says the customer is unknown. */
final class ProfileSections {

    private ProfileSections() {
    }

    /** A part a visibility rule withholds (a 403 problem) is read as empty, so the others still count. */
    static Uni<JsonNode> emptyWhenWithheld(Uni<JsonNode> read) {
        return read.onFailure(failure -> failure instanceof io.customer360.common.api.ProblemException problem
                        && problem.problem().status() == io.customer360.common.api.ProblemType.FORBIDDEN.status())
                .recoverWithItem(() -> JsonNodeFactory.instance.objectNode().put("withheld", true));
    }

    static Uni<JsonNode> combine(List<String> names, List<Uni<JsonNode>> reads) {
        return Uni.join().all(reads).andFailFast().map(parts -> {
            ObjectNode combined = JsonNodeFactory.instance.objectNode();
            for (int i = 0; i < names.size(); i++) {
                if (parts.get(i) == null) {
                    return null;
                }
                combined.set(names.get(i), parts.get(i));
            }
            return combined;
        });
    }
}
