package dev.trustedcompute.cms.authority;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Persistence of issued certificates, revocations and CRL numbers (step-ca's {@code db.AuthDB}). */
public interface IssuedCertificateRepository {

    /** Records a newly issued certificate. */
    void save(IssuedCertificate certificate);

    Optional<IssuedCertificate> find(SerialNumber serial);

    /**
     * Marks a certificate revoked if it is not already: atomic, so two concurrent revocations cannot both
     * succeed.
     */
    RevokeOutcome revoke(SerialNumber serial, Instant at, RevocationReason reason);

    /** Revoked certificates of one type that have not yet expired at {@code at} (expired ones may leave the CRL). */
    List<IssuedCertificate> revoked(CertType type, Instant at);

    /** The next CRL number for a CA: strictly increasing, never reused (RFC 5280 §5.2.3). */
    long nextCrlNumber(String caName);

    enum RevokeOutcome { REVOKED, UNKNOWN, ALREADY_REVOKED }
}
