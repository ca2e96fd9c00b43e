package dev.trustedcompute.cms.authority;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One row of the issuance ledger.
 *
 * @param serial      the leaf's serial
 * @param type        profile and issuing CA
 * @param subject     RFC 4514 subject, e.g. "CN=hvs"
 * @param sans        normalised SAN texts
 * @param notBefore   validity start (backdated one minute)
 * @param notAfter    validity end
 * @param pem         the certificate as issued
 * @param issuedAt    when it was signed
 * @param requestedBy the token subject that asked for it
 * @param revocation  present once revoked
 */
public record IssuedCertificate(SerialNumber serial, CertType type, String subject, List<String> sans, Instant notBefore,
                                Instant notAfter, String pem, Instant issuedAt, String requestedBy,
                                Optional<Revocation> revocation) {
    public IssuedCertificate {
        sans = List.copyOf(sans);
    }

    /** When and why a certificate was revoked. */
    public record Revocation(Instant revokedAt, RevocationReason reason) {}
}
