package dev.trustedcompute.agentprotocol;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * HVS's answer on {@code hvs.agents.<hostId>.nonce} (request body empty): a single-use nonce for the next
 * {@link EvidencePush} and the PCRs to quote; or an error (for example {@code NOT_ONBOARDED}).
 *
 * @param nonce     base64, at least 16 bytes; quote extraData = SHA-256(nonce bytes)
 * @param expiresAt after this instant HVS refuses evidence made with it
 */
public record NonceReply(String nonce, Instant expiresAt, Map<String, List<Integer>> pcrs, ProtocolError error) {
    public NonceReply {
        if (error == null) {
            Fields.base64("nonce", nonce, 16);
            Fields.required("expiresAt", expiresAt);
            pcrs = Fields.pcrSelection("pcrs", pcrs);
        } else if (nonce != null) {
            throw new IllegalArgumentException("a reply holds exactly one of its result and 'error'");
        }
    }

    public static NonceReply of(String nonce, Instant expiresAt, Map<String, List<Integer>> pcrs) {
        return new NonceReply(nonce, expiresAt, pcrs, null);
    }

    public static NonceReply failed(ProtocolError error) {
        return new NonceReply(null, null, null, error);
    }
}
