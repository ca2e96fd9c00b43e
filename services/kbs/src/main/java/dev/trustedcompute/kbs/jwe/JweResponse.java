package dev.trustedcompute.kbs.jwe;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * kbs-types {@code Response}: a JWE in flattened JSON serialization, every member base64url without padding. No
 * {@code aad} member: the AAD is the ASCII of {@code protected}.
 */
@JsonPropertyOrder({"protected", "encrypted_key", "iv", "ciphertext", "tag"})
public record JweResponse(
        @JsonProperty("protected") String protectedHeader,
        @JsonProperty("encrypted_key") String encryptedKey,
        String iv,
        String ciphertext,
        String tag) {
}
