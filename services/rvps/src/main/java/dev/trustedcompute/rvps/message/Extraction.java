package dev.trustedcompute.rvps.message;

import java.util.List;

/**
 * What one message registers.
 *
 * @param signer the configured signer id that signed a {@code signed-bundle}; null for {@code sample}
 */
public record Extraction(MessageType type, String signer, List<ExtractedValue> values) {

    public Extraction {
        values = List.copyOf(values);
    }
}
