package io.customer360.profile.store;

import com.fasterxml.jackson.databind.ObjectMapper;

/** Reading stored JSON (jsonb columns) back into Jackson trees. */
final class Json {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {}
}
