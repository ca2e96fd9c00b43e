package dev.trustedcompute.rvps.message;

import dev.trustedcompute.rvps.message.InvalidMessageException.Reason;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Trustee's sample extractor ({@code rvps/src/extractors/sample/mod.rs}): the payload is base64 (standard
 * alphabet, padded, as Rust's {@code STANDARD} engine demands) of a JSON object {@code {name: value, ...}}; every
 * entry becomes a reference value expiring {@code validity} (Trustee: 12 months) from now. No signature: the
 * registering token is the only trust. A payload whose text starts with <code>{</code> is taken as that JSON object
 * directly (base64 never contains <code>{</code>), so hand-written messages work too.
 *
 * <p>Trustee stores any JSON value; RVPS stores a list of strings. kbs-client sends {@code [value]} by default,
 * a bare value with {@code --as-single-value}, and numbers or booleans with {@code --as-integer}/{@code --as-bool}:
 * a scalar becomes a one-element list, numbers and booleans their JSON text ({@code 1}, {@code true}). Objects,
 * nested lists and null are refused.
 */
final class SampleExtractor implements Extractor {

    private final Period validity;

    SampleExtractor(Period validity) {
        this.validity = validity;
    }

    @Override
    public Extraction extract(String payload, Instant now) throws InvalidMessageException {
        JsonNode provenance = PayloadJson.object(decode(payload), "the sample payload");
        Instant expiration = now.atOffset(ZoneOffset.UTC).plus(validity).toInstant();
        List<ExtractedValue> values = new ArrayList<>();
        for (Map.Entry<String, JsonNode> entry : provenance.properties()) {
            values.add(ExtractedValue.of(entry.getKey(), strings(entry.getKey(), entry.getValue()), expiration, now));
        }
        return new Extraction(MessageType.SAMPLE, null, values);
    }

    private static byte[] decode(String payload) throws InvalidMessageException {
        if (payload.stripLeading().startsWith("{")) {
            return payload.getBytes(StandardCharsets.UTF_8);
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(payload);
        } catch (IllegalArgumentException e) {
            throw new InvalidMessageException(Reason.INVALID_PAYLOAD,
                    "the sample payload is neither a JSON object nor standard base64: " + e.getMessage());
        }
        // Java's decoder tolerates missing padding and stray low bits; Trustee's does not.
        if (!Base64.getEncoder().encodeToString(bytes).equals(payload)) {
            throw new InvalidMessageException(Reason.INVALID_PAYLOAD,
                    "the sample payload is not canonical standard base64 (padding or trailing bits)");
        }
        return bytes;
    }

    private static List<String> strings(String name, JsonNode value) throws InvalidMessageException {
        if (!value.isArray()) {
            return List.of(scalar(name, value));
        }
        List<String> out = new ArrayList<>();
        for (JsonNode element : value) {
            out.add(scalar(name, element));
        }
        return out;
    }

    private static String scalar(String name, JsonNode value) throws InvalidMessageException {
        if (value.isString()) {
            return value.stringValue();
        }
        if (value.isNumber() || value.isBoolean()) {
            return value.toString();
        }
        throw new InvalidMessageException(Reason.INVALID_REFERENCE_VALUE, name
                + ": a value must be a string, number or boolean, or a list of those (was " + value.getNodeType() + ")");
    }
}
