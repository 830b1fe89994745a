package io.customer360.enrichment.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;

/**
 * The providers' documented requests and responses (People Data Labs person enrich, Clearbit combined find,
 * FullContact person enrich, Hunter email verifier and finder, Google Places Text Search (New), OpenCorporates
 * companies search, ATTOM property detail and AVM detail), trimmed to the fields enrichment reads plus some it
 * ignores. The longer ones are recorded files under {@code provider-responses/}.
 */
public final class ProviderResponses {

    private ProviderResponses() {}

    public static MappingBuilder pdlEnrich() {
        return get(urlPathEqualTo("/v5/person/enrich"))
                .withHeader("X-Api-Key", equalTo(ProviderStubs.apiKey("people-data-labs")));
    }

    public static ResponseDefinitionBuilder pdlMatch() {
        return json("""
                {"status": 200, "likelihood": 9, "data": {
                  "id": "qEnOZ5Oh0poWnQ1luFBfVw_0000", "full_name": "john smith", "first_name": "john",
                  "job_title": "head of audio engineering", "job_company_name": "acme audio", "industry": "consumer electronics",
                  "location_name": "denver, colorado, united states", "linkedin_url": "linkedin.com/in/johnsmith-audio",
                  "twitter_url": "twitter.com/johnsmith_audio", "facebook_url": null, "github_url": null}}""");
    }

    public static MappingBuilder clearbitFind() {
        return get(urlPathEqualTo("/v2/combined/find"))
                .withHeader("Authorization", equalTo("Bearer " + ProviderStubs.apiKey("clearbit")));
    }

    public static ResponseDefinitionBuilder clearbitMatch() {
        return json("""
                {"person": {"id": "d54c54ad-40be-4305-8a34-0ab44710b90d", "name": {"fullName": "John Smith",
                  "givenName": "John", "familyName": "Smith"}, "location": "Denver, CO, US",
                  "employment": {"domain": "acme-audio.example", "name": "Acme Audio", "title": "Audio Engineer"},
                  "linkedin": {"handle": "in/john-smith-cb"}, "twitter": {"handle": "jsmith_cb"},
                  "facebook": {"handle": "john.smith.cb"}},
                 "company": {"name": "Acme Audio", "domain": "acme-audio.example"}}""");
    }

    public static MappingBuilder fullContactEnrich() {
        return post(urlPathEqualTo("/v3/person.enrich"))
                .withHeader("Authorization", equalTo("Bearer " + ProviderStubs.apiKey("fullcontact")));
    }

    public static ResponseDefinitionBuilder fullContactMatch() {
        return json(recorded("fullcontact/person-enrich.json"));
    }

    /** FullContact's answer when it knows no one by the identifiers sent. */
    public static ResponseDefinitionBuilder fullContactNotFound() {
        return aResponse()
                .withStatus(404)
                .withHeader("Content-Type", "application/json")
                .withBody(recorded("fullcontact/not-found.json"));
    }

    public static MappingBuilder hunterFind() {
        return get(urlPathEqualTo("/v2/email-finder")).withHeader("X-API-KEY", equalTo(ProviderStubs.apiKey("hunter")));
    }

    public static ResponseDefinitionBuilder hunterFound() {
        return json("""
                {"data": {"first_name": "John", "last_name": "Smith", "email": "john.smith@acme-audio.example",
                  "score": 97, "domain": "acme-audio.example", "accept_all": false, "position": "Audio Engineer",
                  "twitter": "jsmith_hunter", "linkedin_url": "https://www.linkedin.com/in/john-smith-hunter",
                  "phone_number": null, "company": "Acme Audio", "sources": [],
                  "verification": {"date": "2026-10-01", "status": "valid"}},
                 "meta": {"params": {"full_name": "John Smith", "domain": "acme-audio.example", "company": null}}}""");
    }

    /** Hunter's answer when a rate limit is reached: 403, as its documentation lists it. */
    public static ResponseDefinitionBuilder hunterRateLimited() {
        return aResponse()
                .withStatus(403)
                .withHeader("Content-Type", "application/json")
                .withBody("""
                {"errors": [{"id": "too_many_requests", "code": 403,
                  "details": "You have reached the limit of requests per second allowed by your plan."}]}""");
    }

    public static MappingBuilder hunterVerify() {
        return get(urlPathEqualTo("/v2/email-verifier"))
                .withHeader("X-API-KEY", equalTo(ProviderStubs.apiKey("hunter")));
    }

    public static ResponseDefinitionBuilder hunterValid() {
        return json("""
                {"data": {"status": "valid", "result": "deliverable", "score": 91, "email": "john.smith@example.com",
                  "regexp": true, "gibberish": false, "disposable": false, "webmail": false, "mx_records": true,
                  "smtp_server": true, "smtp_check": true, "accept_all": false, "block": false, "sources": []},
                 "meta": {"params": {"email": "john.smith@example.com"}}}""");
    }

    public static MappingBuilder placesSearch() {
        return post(urlPathEqualTo("/v1/places:searchText"))
                .withHeader("X-Goog-Api-Key", equalTo(ProviderStubs.apiKey("google-places")))
                .withHeader(
                        "X-Goog-FieldMask",
                        com.github.tomakehurst.wiremock.client.WireMock.containing("places.rating"));
    }

    public static ResponseDefinitionBuilder placesMatch() {
        return json("""
                {"places": [{"id": "ChIJN1t_tDeuEmsRUsoyG83frY4", "displayName": {"text": "Acme Audio", "languageCode": "en"},
                  "formattedAddress": "1 Audio Way, Denver, CO 80202, USA", "rating": 4.6, "userRatingCount": 231,
                  "regularOpeningHours": {"weekdayDescriptions": ["Monday: 9:00 AM – 6:00 PM", "Tuesday: 9:00 AM – 6:00 PM"]},
                  "websiteUri": "https://acme-audio.example/", "nationalPhoneNumber": "(303) 555-0100",
                  "businessStatus": "OPERATIONAL"}]}""");
    }

    public static MappingBuilder openCorporatesSearch() {
        return get(urlPathEqualTo("/v0.4/companies/search"))
                .withQueryParam("api_token", equalTo(ProviderStubs.apiKey("opencorporates")));
    }

    public static ResponseDefinitionBuilder openCorporatesMatch() {
        return json("""
                {"api_version": "0.4", "results": {"companies": [{"company": {"name": "ACME AUDIO LLC",
                  "company_number": "20181234567", "jurisdiction_code": "us_co", "incorporation_date": "2018-03-14",
                  "dissolution_date": null, "company_type": "Limited Liability Company", "current_status": "Good Standing",
                  "registered_address_in_full": "1 AUDIO WAY, DENVER, CO, 80202",
                  "opencorporates_url": "https://opencorporates.com/companies/us_co/20181234567"}}],
                  "page": 1, "per_page": 1, "total_pages": 1, "total_count": 1}}""");
    }

    public static MappingBuilder attomDetail() {
        return get(urlPathEqualTo("/propertyapi/v1.0.0/property/detail"))
                .withHeader("apikey", equalTo(ProviderStubs.apiKey("attom")));
    }

    /** ATTOM's property detail as documented: characteristics, no assessment and no value. */
    public static ResponseDefinitionBuilder attomMatch() {
        return json(recorded("attom/property-detail.json"));
    }

    public static MappingBuilder attomAvmDetail() {
        return get(urlPathEqualTo("/propertyapi/v1.0.0/attomavm/detail"))
                .withHeader("apikey", equalTo(ProviderStubs.apiKey("attom-avm")));
    }

    /** ATTOM's AVM detail as documented: {@code property[0].avm.amount} holds the value, its range and score. */
    public static ResponseDefinitionBuilder attomAvmMatch() {
        return json(recorded("attom/attomavm-detail.json"));
    }

    /** A recorded provider response under {@code provider-responses/} on the test classpath. */
    public static String recorded(String path) {
        try (var in = ProviderResponses.class.getResourceAsStream("/provider-responses/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("No recorded response provider-responses/" + path);
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public static ResponseDefinitionBuilder json(String body) {
        return aResponse()
                .withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody(body);
    }

    public static ResponseDefinitionBuilder status(int status) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{}}");
    }
}
