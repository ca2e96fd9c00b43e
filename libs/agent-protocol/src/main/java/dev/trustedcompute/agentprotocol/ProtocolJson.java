package dev.trustedcompute.agentprotocol;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.exc.ValueInstantiationException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Encodes and decodes the contract's messages. Decoding is strict where it matters (required fields, value
 * ranges, size) and tolerant where it helps rolling upgrades (unknown fields are ignored).
 */
public final class ProtocolJson {
    /** NATS's default max_payload; an event log plus quote fits with room to spare. */
    public static final int MAX_MESSAGE_BYTES = 1024 * 1024;

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            // A missing boolean is false and a missing number 0, which the records then range-check.
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private ProtocolJson() {
    }

    public static byte[] encode(Object message) {
        return MAPPER.writeValueAsBytes(message);
    }

    /** Decodes {@code bytes} as {@code type}; anything invalid raises {@link ProtocolException} naming the field. */
    public static <T> T decode(byte[] bytes, Class<T> type) throws ProtocolException {
        if (bytes == null || bytes.length == 0) {
            throw new ProtocolException(type.getSimpleName() + ": empty message");
        }
        if (bytes.length > MAX_MESSAGE_BYTES) {
            throw new ProtocolException(type.getSimpleName() + ": message of " + bytes.length
                    + " bytes exceeds " + MAX_MESSAGE_BYTES);
        }
        try {
            T value = MAPPER.readValue(bytes, type);
            if (value == null) {
                throw new ProtocolException(type.getSimpleName() + ": message is JSON null");
            }
            return value;
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new ProtocolException(type.getSimpleName() + ": " + cause.getMessage());
        } catch (JacksonException e) {
            throw new ProtocolException(type.getSimpleName() + ": " + e.getOriginalMessage()
                    + location(e));
        }
    }

    private static String location(JacksonException e) {
        String path = e.getPathReference();
        return path == null || path.isEmpty() ? "" : " (at " + path + ")";
    }
}
