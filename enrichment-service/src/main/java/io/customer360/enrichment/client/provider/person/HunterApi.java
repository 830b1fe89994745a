package io.customer360.enrichment.client.provider.person;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** Hunter API v2: email finder and email verifier; the key goes in {@code X-API-KEY}, never in the URL. */
@RegisterRestClient(configKey = "hunter")
@Path("/v2")
interface HunterApi {

    @GET
    @Path("/email-finder")
    @Produces(MediaType.APPLICATION_JSON)
    Uni<String> findEmail(
            @HeaderParam("X-API-KEY") String apiKey,
            @QueryParam("domain") String domain,
            @QueryParam("company") String company,
            @QueryParam("full_name") String fullName);

    @GET
    @Path("/email-verifier")
    @Produces(MediaType.APPLICATION_JSON)
    Uni<String> verifyEmail(@HeaderParam("X-API-KEY") String apiKey, @QueryParam("email") String email);
}
