package dev.trustedcompute.trustagent.onboarding;

import dev.trustedcompute.trustagent.AgentException;
import dev.trustedcompute.trustagent.Failure;
import java.util.Arrays;
import java.util.Base64;

/**
 * HVS's MakeCredential output split into what TPM2_ActivateCredential takes: TPM2B_ID_OBJECT =
 * u16 size || TPM2B_DIGEST integrityHMAC || encIdentity (encrypted, size included), and the contents of the
 * TPM2B_ENCRYPTED_SECRET.
 */
record CredentialBlob(byte[] integrityHmac, byte[] encIdentity, byte[] encryptedSecret) {

    static CredentialBlob parse(String credentialBlob, String encryptedSecret) throws AgentException {
        byte[] id = decode("credentialBlob", credentialBlob);
        byte[] secret = decode("encryptedSecret", encryptedSecret);
        if (id.length < 4 || size(id, 0) != id.length - 2) {
            throw malformed("credentialBlob is not a TPM2B_ID_OBJECT");
        }
        int hmac = size(id, 2);
        if (hmac == 0 || 4 + hmac >= id.length) {
            throw malformed("credentialBlob's integrityHMAC size " + hmac + " does not fit");
        }
        if (secret.length < 3 || size(secret, 0) != secret.length - 2) {
            throw malformed("encryptedSecret is not a TPM2B_ENCRYPTED_SECRET");
        }
        return new CredentialBlob(Arrays.copyOfRange(id, 4, 4 + hmac), Arrays.copyOfRange(id, 4 + hmac, id.length),
                Arrays.copyOfRange(secret, 2, secret.length));
    }

    private static int size(byte[] b, int at) {
        return ((b[at] & 0xff) << 8) | (b[at + 1] & 0xff);
    }

    private static byte[] decode(String field, String value) throws AgentException {
        if (value == null) {
            throw malformed(field + " is missing");
        }
        try {
            return Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw malformed(field + " is not base64");
        }
    }

    private static AgentException malformed(String message) {
        return new AgentException(Failure.HVS_UNREACHABLE, "HVS sent a malformed challenge: " + message);
    }
}
