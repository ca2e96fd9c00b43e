package dev.trustedcompute.kbs.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The RCAR {@code Challenge}: a base64 (standard, padded) 32-byte nonce and {@code extra-params}, which is the empty
 * string for every TEE but IBM SE. The member is required by the client, so it is always sent.
 */
@JsonPropertyOrder({"nonce", "extra-params"})
public record Challenge(String nonce, @JsonProperty("extra-params") String extraParams) {

    public static Challenge of(String nonce) {
        return new Challenge(nonce, "");
    }
}
