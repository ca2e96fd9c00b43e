package dev.trustedcompute.tpmquote.tpm;

import dev.trustedcompute.tpmquote.EvidenceFormatException;
import dev.trustedcompute.tpmquote.Reason;
import dev.trustedcompute.tpmquote.VerificationException;
import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXCertPathChecker;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Set;

/**
 * Validates TPM EK certificates (and AK certificates issued by a vendor CA, as on GCE) against configured
 * roots with JCA PKIX, at a given time. TCG EK certificates carry extensions the JDK does not process: a
 * critical SubjectAltName holding only a directoryName with the TPM manufacturer/model/version attributes
 * (TCG EK Credential Profile §3.2.9, empty subject), Subject Directory Attributes (TPM spec), the TCG EK
 * extended key usage. Those listed in {@link #TCG_CRITICAL_EXTENSIONS} are accepted when marked critical;
 * any other unknown critical extension still fails the chain.
 *
 * <p>Revocation is not checked (CRLs are not available offline); callers that need it must say so in their
 * reports.
 */
public final class TpmCertificateValidator {

    /** Critical extensions accepted in EK/AK certificates: subjectAltName, subjectDirectoryAttributes. */
    public static final Set<String> TCG_CRITICAL_EXTENSIONS = Set.of("2.5.29.17", "2.5.29.9");
    private static final int MAX_DEPTH = 6;

    private final List<X509Certificate> roots;
    private final List<X509Certificate> intermediates;

    private TpmCertificateValidator(List<X509Certificate> roots, List<X509Certificate> intermediates) {
        this.roots = List.copyOf(roots);
        this.intermediates = List.copyOf(intermediates);
    }

    /** A validator trusting {@code roots}, using {@code intermediates} to build chains. */
    public static TpmCertificateValidator of(Collection<X509Certificate> roots, Collection<X509Certificate> intermediates) {
        if (roots.isEmpty()) {
            throw new IllegalArgumentException("at least one root is needed");
        }
        return new TpmCertificateValidator(new ArrayList<>(roots), new ArrayList<>(intermediates));
    }

    /**
     * Parses one DER or PEM X.509 certificate. DER must be exactly one certificate: the JDK's factory ignores bytes
     * after it, so they are refused here (found by the fuzz harness).
     */
    public static X509Certificate parseCertificate(byte[] derOrPem) throws EvidenceFormatException {
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            Collection<? extends Certificate> certs = cf.generateCertificates(new ByteArrayInputStream(derOrPem));
            if (certs.size() != 1) {
                throw new EvidenceFormatException("X.509 certificate", "expected one certificate, found " + certs.size());
            }
            X509Certificate certificate = (X509Certificate) certs.iterator().next();
            boolean der = derOrPem.length > 0 && (derOrPem[0] & 0xff) == 0x30;
            if (der && certificate.getEncoded().length != derOrPem.length) {
                throw new EvidenceFormatException(certificate.getEncoded().length, "X.509 certificate",
                        (derOrPem.length - certificate.getEncoded().length) + " bytes after the DER certificate");
            }
            return certificate;
        } catch (CertificateException | RuntimeException e) {
            throw new EvidenceFormatException("X.509 certificate", "cannot parse: " + e.getMessage(), e);
        }
    }

    /**
     * Builds a chain from {@code certificate} through the intermediates to a root and validates it at
     * {@code at}. Failures: {@code ROOT_NOT_TRUSTED} (no chain to a configured root),
     * {@code CERTIFICATE_EXPIRED} (outside a validity period), {@code CERTIFICATE_CHAIN_INVALID} (bad
     * signature, constraints, unknown critical extension); the detail names the certificate.
     */
    public ValidatedCertificate validate(X509Certificate certificate, Instant at) throws VerificationException {
        List<List<X509Certificate>> candidates = new ArrayList<>();
        collectChains(new ArrayList<>(List.of(certificate)), candidates);
        if (candidates.isEmpty()) {
            throw new VerificationException(Reason.ROOT_NOT_TRUSTED, "no chain from '"
                    + certificate.getSubjectX500Principal() + "' (issuer '" + certificate.getIssuerX500Principal()
                    + "') to a configured root");
        }
        VerificationException first = null;
        for (List<X509Certificate> chain : candidates) {
            try {
                check(chain, at);
                return new ValidatedCertificate(chain, at);
            } catch (VerificationException e) {
                first = first == null ? e : first;
            }
        }
        throw first;
    }

    /** Depth-first: every chain (leaf .. root) whose names link up; signatures are checked later by PKIX. */
    private void collectChains(List<X509Certificate> chain, List<List<X509Certificate>> out) {
        X509Certificate last = chain.get(chain.size() - 1);
        for (X509Certificate root : roots) {
            if (root.getSubjectX500Principal().equals(last.getIssuerX500Principal())) {
                List<X509Certificate> complete = new ArrayList<>(chain);
                if (!root.equals(last)) {
                    complete.add(root);
                }
                out.add(complete);
            }
        }
        if (chain.size() >= MAX_DEPTH) {
            return;
        }
        for (X509Certificate ca : intermediates) {
            if (!chain.contains(ca) && ca.getSubjectX500Principal().equals(last.getIssuerX500Principal())) {
                chain.add(ca);
                collectChains(chain, out);
                chain.remove(chain.size() - 1);
            }
        }
    }

    private static void check(List<X509Certificate> chain, Instant at) throws VerificationException {
        X509Certificate root = chain.get(chain.size() - 1);
        List<X509Certificate> path = chain.size() == 1 ? chain : chain.subList(0, chain.size() - 1);
        try {
            CertPath certPath = CertificateFactory.getInstance("X.509").generateCertPath(path);
            PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(root, null)));
            params.setRevocationEnabled(false);
            params.setDate(Date.from(at));
            params.addCertPathChecker(new TcgExtensionsChecker());
            CertPathValidator.getInstance("PKIX").validate(certPath, params);
        } catch (CertPathValidatorException e) {
            int index = e.getIndex();
            String which = index >= 0 && index < path.size()
                    ? "certificate " + index + " '" + path.get(index).getSubjectX500Principal() + "'"
                    : "chain to '" + root.getSubjectX500Principal() + "'";
            Reason reason = e.getReason() == CertPathValidatorException.BasicReason.EXPIRED
                    || e.getReason() == CertPathValidatorException.BasicReason.NOT_YET_VALID
                    ? Reason.CERTIFICATE_EXPIRED : Reason.CERTIFICATE_CHAIN_INVALID;
            throw new VerificationException(reason, which + " at " + at + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PKIX unavailable", e);
        }
    }

    /** Marks the TCG extensions as processed so PKIX does not reject them as unknown critical extensions. */
    private static final class TcgExtensionsChecker extends PKIXCertPathChecker {
        @Override
        public void init(boolean forward) {
        }

        @Override
        public boolean isForwardCheckingSupported() {
            return true;
        }

        @Override
        public Set<String> getSupportedExtensions() {
            return TCG_CRITICAL_EXTENSIONS;
        }

        @Override
        public void check(Certificate cert, Collection<String> unresolvedCritExts) {
            unresolvedCritExts.removeAll(TCG_CRITICAL_EXTENSIONS);
        }
    }
}
