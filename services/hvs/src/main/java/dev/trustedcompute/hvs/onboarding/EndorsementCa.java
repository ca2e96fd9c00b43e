package dev.trustedcompute.hvs.onboarding;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.UUID;

/**
 * A CA that EK certificates may chain to (a TPM vendor's root or intermediate).
 *
 * @param sha256 hex SHA-256 of the certificate's DER (duplicates are refused)
 */
public record EndorsementCa(UUID id, X509Certificate certificate, String sha256, String comment, Instant createdAt) {

    public boolean selfSigned() {
        return certificate.getSubjectX500Principal().equals(certificate.getIssuerX500Principal());
    }
}
