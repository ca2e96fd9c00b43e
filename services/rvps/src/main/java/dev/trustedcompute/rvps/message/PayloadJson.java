package dev.trustedcompute.rvps.message;

import dev.trustedcompute.rvps.message.InvalidMessageException.Reason;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Strict JSON for payloads: a name given twice is refused (which of two values would count is ambiguous), as is
 * anything after the document; decimals keep their written digits ({@code 1.10} stays {@code "1.10"}).
 */
final class PayloadJson {

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private PayloadJson() {
    }

    /** The JSON object in {@code bytes}; {@code what} names the document in the error detail. */
    static JsonNode object(byte[] bytes, String what) throws InvalidMessageException {
        JsonNode node;
        try {
            node = JSON.readTree(bytes);
        } catch (JacksonException e) {
            throw new InvalidMessageException(Reason.INVALID_PAYLOAD, what + " is not valid JSON: "
                    + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new InvalidMessageException(Reason.INVALID_PAYLOAD, what + " must be a JSON object");
        }
        return node;
    }
}
