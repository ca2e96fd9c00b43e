package dev.trustedcompute.loadgen.tpm;

/** TPM2_ActivateCredential refused the credential (malformed blob, or made for another EK or AK name). */
public final class CredentialActivationException extends Exception {
    public CredentialActivationException(String message) {
        super(message);
    }
}
