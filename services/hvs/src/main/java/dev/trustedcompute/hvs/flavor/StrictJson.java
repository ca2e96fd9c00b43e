package dev.trustedcompute.hvs.flavor;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON form of flavors and templates as HVS stores them: unknown fields and missing primitives are errors.
 * HVS signs the exact bytes {@link #write} produces for a flavor and stores them as they are; the rule engine
 * verifies the signature over the stored bytes before it reads them, so the encoding only has to be stable
 * between writing and signing, never re-created.
 */
public final class StrictJson {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    private StrictJson() {
    }

    public static String write(Object value) {
        return MAPPER.writeValueAsString(value);
    }

    /** Parses {@code json}; malformed JSON or unknown fields are a {@link MalformedJsonException}. */
    public static <T> T read(String json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JacksonException e) {
            throw new MalformedJsonException(e.getOriginalMessage());
        }
    }

    /** JSON that does not fit the expected type; the message says where. */
    public static final class MalformedJsonException extends RuntimeException {
        MalformedJsonException(String message) {
            super(message);
        }
    }
}
