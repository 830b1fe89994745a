package io.customer360.aggregator.service.provider.sources;

import io.customer360.common.api.ProblemException;
import io.customer360.common.api.ProblemType;
import io.smallrye.mutiny.Uni;
import java.util.Optional;

/** Reading a part of a provider's answer that a visibility rule may withhold while the rest stays readable. */
final class ProfileSections {

    private ProfileSections() {}

    /**
     * A part a visibility rule withholds (a 403 problem) is empty, so the others still count; a part the source does not
     * know stays null (the customer is unknown).
     */
    static <T> Uni<Optional<T>> emptyWhenWithheld(Uni<T> read) {
        return read.map(found -> found == null ? null : Optional.of(found))
                .onFailure(failure -> failure instanceof ProblemException problem
                        && problem.problem().status() == ProblemType.FORBIDDEN.status())
                .recoverWithItem(Optional::empty);
    }
}
