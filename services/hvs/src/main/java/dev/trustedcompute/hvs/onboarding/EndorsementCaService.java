package dev.trustedcompute.hvs.onboarding;

import dev.trustedcompute.hvs.HvsError;
import dev.trustedcompute.hvs.TimeOrderedIds;
import dev.trustedcompute.tpmquote.EvidenceFormatException;
import dev.trustedcompute.tpmquote.Reason;
import dev.trustedcompute.tpmquote.VerificationException;
import dev.trustedcompute.tpmquote.tpm.TpmCertificateValidator;
import dev.trustedcompute.tpmquote.tpm.ValidatedCertificate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Endorsement CA registry, and EK certificate validation against it. */
@Service
public class EndorsementCaService {

    static final int MAX_COMMENT = 1024;

    private final EndorsementCaRepository cas;
    private final AuditLog audit;
    private final TimeOrderedIds ids;
    private final Clock clock;

    public EndorsementCaService(EndorsementCaRepository cas, AuditLog audit, TimeOrderedIds ids, Clock clock) {
        this.cas = cas;
        this.audit = audit;
        this.ids = ids;
        this.clock = clock;
    }

    /** Adds a CA given as PEM text or base64 DER; it must be a CA certificate (basicConstraints cA). */
    @Transactional
    public EndorsementCa add(String certificate, String comment, String actor) {
        if (certificate == null || certificate.isBlank()) {
            throw HvsError.INVALID_INPUT.exception("certificate: PEM or base64 DER is required");
        }
        if (comment != null && (comment.length() > MAX_COMMENT || comment.indexOf('\u0000') >= 0)) {
            throw HvsError.INVALID_INPUT.exception("comment: at most " + MAX_COMMENT + " characters, no NUL");
        }
        X509Certificate parsed = parse(certificate);
        if (parsed.getBasicConstraints() < 0) {
            throw HvsError.INVALID_INPUT.exception("certificate: '" + parsed.getSubjectX500Principal()
                    + "' is not a CA certificate (no basicConstraints cA)");
        }
        String sha256 = sha256(parsed);
        if (cas.existsWithSha256(sha256)) {
            throw HvsError.ENDORSEMENT_CA_EXISTS.exception("this certificate is already an endorsement CA");
        }
        EndorsementCa ca = new EndorsementCa(ids.next(), parsed, sha256, comment, clock.instant());
        cas.insert(ca);
        audit.record(actor, "endorsement-ca.added", null, Map.of("id", ca.id().toString(), "subject",
                parsed.getSubjectX500Principal().getName(), "sha256", sha256));
        return ca;
    }

    public List<EndorsementCa> all() {
        return cas.all();
    }

    public EndorsementCa get(UUID id) {
        return cas.find(id).orElseThrow(() -> HvsError.ENDORSEMENT_CA_NOT_FOUND.exception("no endorsement CA " + id));
    }

    @Transactional
    public void delete(UUID id, String actor) {
        EndorsementCa ca = get(id);
        cas.delete(id);
        audit.record(actor, "endorsement-ca.deleted", null, Map.of("id", id.toString(), "subject",
                ca.certificate().getSubjectX500Principal().getName(), "sha256", ca.sha256()));
    }

    /**
     * Validates an EK certificate against the registered CAs (self-signed ones are roots, the rest
     * intermediates) at the current time. Revocation is not checked (no CRLs offline).
     */
    public ValidatedCertificate validate(X509Certificate ekCertificate) throws VerificationException {
        List<EndorsementCa> all = cas.all();
        List<X509Certificate> roots = all.stream().filter(EndorsementCa::selfSigned).map(EndorsementCa::certificate).toList();
        if (roots.isEmpty()) {
            throw new VerificationException(Reason.ROOT_NOT_TRUSTED,
                    "no endorsement root CA is registered");
        }
        List<X509Certificate> intermediates = all.stream().filter(ca -> !ca.selfSigned())
                .map(EndorsementCa::certificate).toList();
        return TpmCertificateValidator.of(roots, intermediates).validate(ekCertificate, clock.instant());
    }

    private static X509Certificate parse(String text) {
        byte[] bytes = text.contains("-----BEGIN") ? text.getBytes(StandardCharsets.US_ASCII) : base64(text);
        try {
            return TpmCertificateValidator.parseCertificate(bytes);
        } catch (EvidenceFormatException e) {
            throw HvsError.INVALID_INPUT.exception("certificate: " + e.getMessage());
        }
    }

    private static byte[] base64(String text) {
        try {
            return Base64.getMimeDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw HvsError.INVALID_INPUT.exception("certificate: neither PEM nor base64 DER");
        }
    }

    static String sha256(X509Certificate certificate) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }
}
