package dev.trustedcompute.tpmquote.tdx;

import dev.trustedcompute.tpmquote.Reason;
import dev.trustedcompute.tpmquote.VerificationException;

import java.security.GeneralSecurityException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;

/**
 * Validates an Intel certificate chain (leaf first) up to the pinned root: each certificate is signed by
 * the next, names it as issuer, is valid at the verification time, intermediates are CAs, and the chain
 * ends at (or directly under) the pinned root. CRLs supplied for an issuer are checked and must be signed
 * by that issuer.
 */
final class CertificateChains {

    private CertificateChains() {
    }

    /**
     * @param what           names the chain in failure details ("PCK chain", "TCB Info signing chain")
     * @param crls           CRLs to apply; each is used for the certificates its issuer signed
     * @param expiredCrls    receives the names of CRLs past nextUpdate (the caller decides whether that fails)
     */
    static void verify(List<X509Certificate> chain, X509Certificate root, Instant at, String what, List<Crl> crls,
                       List<String> expiredCrls) throws VerificationException {
        List<X509Certificate> path = new ArrayList<>(chain);
        X509Certificate last = path.getLast();
        if (isSelfIssued(last)) {
            if (!last.equals(root)) {
                throw new VerificationException(Reason.ROOT_NOT_TRUSTED, what + ": chain ends at self-signed "
                        + name(last) + " (SHA-256 " + IntelSgxRoot.sha256(last) + "), not the pinned root "
                        + name(root) + " (SHA-256 " + IntelSgxRoot.sha256(root) + ")");
            }
        } else {
            path.add(root);
        }
        Date when = Date.from(at);
        for (int i = 0; i < path.size(); i++) {
            X509Certificate cert = path.get(i);
            X509Certificate issuer = i + 1 < path.size() ? path.get(i + 1) : cert;
            String label = what + " certificate " + i + " (" + name(cert) + ")";
            if (!cert.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
                throw new VerificationException(i + 1 == path.size() - 1 && issuer == root
                        ? Reason.ROOT_NOT_TRUSTED : Reason.CERTIFICATE_CHAIN_INVALID,
                        label + " is issued by " + cert.getIssuerX500Principal().getName() + ", expected "
                                + issuer.getSubjectX500Principal().getName());
            }
            try {
                cert.verify(issuer.getPublicKey());
            } catch (GeneralSecurityException | RuntimeException e) {
                throw new VerificationException(Reason.CERTIFICATE_CHAIN_INVALID, label
                        + " signature does not verify with the key of " + name(issuer), e);
            }
            try {
                cert.checkValidity(when);
            } catch (CertificateExpiredException | CertificateNotYetValidException e) {
                throw new VerificationException(Reason.CERTIFICATE_EXPIRED, label + " is not valid at " + at
                        + " (valid " + cert.getNotBefore().toInstant() + " .. " + cert.getNotAfter().toInstant() + ")");
            }
            if (i > 0 && cert.getBasicConstraints() < 0) {
                throw new VerificationException(Reason.CERTIFICATE_CHAIN_INVALID, label
                        + " issues certificates but is not a CA (basicConstraints)");
            }
            for (Crl crl : crls) {
                if (crl.crl().getIssuerX500Principal().equals(cert.getIssuerX500Principal())) {
                    checkCrl(crl, issuer, at, what, expiredCrls);
                    X509CRLEntry entry = crl.crl().getRevokedCertificate(cert.getSerialNumber());
                    if (entry != null) {
                        throw new VerificationException(Reason.CERTIFICATE_REVOKED, label + " serial "
                                + cert.getSerialNumber().toString(16) + " is revoked by the " + crl.name()
                                + " since " + entry.getRevocationDate().toInstant());
                    }
                }
            }
        }
    }

    /** A CRL and the name used for it in failure details ("PCK CRL", "Root CA CRL"). */
    record Crl(String name, X509CRL crl) {
        static List<Crl> of(Optional<X509CRL> root, Optional<X509CRL> pck) {
            List<Crl> out = new ArrayList<>();
            root.ifPresent(c -> out.add(new Crl("Root CA CRL", c)));
            pck.ifPresent(c -> out.add(new Crl("PCK CRL", c)));
            return out;
        }
    }

    private static void checkCrl(Crl crl, X509Certificate issuer, Instant at, String what, List<String> expired)
            throws VerificationException {
        try {
            crl.crl().verify(issuer.getPublicKey());
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new VerificationException(Reason.COLLATERAL_INVALID, crl.name() + " (issuer "
                    + crl.crl().getIssuerX500Principal().getName() + ") signature does not verify with the key of "
                    + name(issuer), e);
        }
        Instant thisUpdate = crl.crl().getThisUpdate().toInstant();
        Date next = crl.crl().getNextUpdate();
        if (at.isBefore(thisUpdate) || (next != null && !at.isBefore(next.toInstant()))) {
            String entry = crl.name() + " (thisUpdate " + thisUpdate + ", nextUpdate "
                    + (next == null ? "none" : next.toInstant()) + ")";
            if (!expired.contains(entry)) {
                expired.add(entry);
            }
        }
    }

    static boolean isSelfIssued(X509Certificate cert) {
        return cert.getIssuerX500Principal().equals(cert.getSubjectX500Principal());
    }

    static String name(X509Certificate cert) {
        return cert.getSubjectX500Principal().getName();
    }
}
