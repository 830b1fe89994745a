package io.customer360.enrichment.client.provider.person;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** FullContact Enrich API v3 person enrichment ({@code POST /v3/person.enrich}, JSON body, bearer key). */
@RegisterRestClient(configKey = "fullcontact")
@Path("/v3/person.enrich")
interface FullContactApi {

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    Uni<String> enrich(@HeaderParam("Authorization") String bearer, PersonQuery query);

    /** The request body: the identifier FullContact matches on (an email; a name alone is not accepted). */
    @RegisterForReflection
    record PersonQuery(String email) {}
}
