package dev.trustedcompute.cms.authority;

import dev.trustedcompute.cms.cas.CaName;
import dev.trustedcompute.cms.cas.CaSigner;
import dev.trustedcompute.cms.cas.LeafTemplate;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CRLHolder;

import java.io.IOException;
import java.math.BigInteger;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The CMS use cases (step-ca's {@code authority}): sign a CSR, revoke, publish CA certificates and CRLs.
 * Signing runs in a fixed order: parse, check the CSR signature (proof of possession), ask the provisioner
 * for sign options, apply validators (key policy, approvals), then modifiers (validity, usage profile),
 * sign, record. Nothing is written unless every check passed.
 */
public final class CertificateAuthority {
    /** Audit trail of issuance and revocation (JDK logging facade: the domain stays framework-free). */
    private static final System.Logger AUDIT = System.getLogger("dev.trustedcompute.cms.audit");
    private static final Set<ASN1ObjectIdentifier> ACCEPTED_CURVES = Set.of(
            X9ObjectIdentifiers.prime256v1, SECObjectIdentifiers.secp384r1, SECObjectIdentifiers.secp521r1);
    /** Moduli larger than this only cost CPU on every verification; no legitimate client asks for them. */
    private static final int MAX_RSA_BITS = 8192;

    private final Provisioner provisioner;
    private final CaSigner signer;
    private final IssuedCertificateRepository repository;
    private final Clock clock;
    private final Duration crlValidity;

    public CertificateAuthority(Provisioner provisioner, CaSigner signer, IssuedCertificateRepository repository, Clock clock,
                                Duration crlValidity) {
        this.provisioner = provisioner;
        this.signer = signer;
        this.repository = repository;
        this.clock = clock;
        this.crlValidity = crlValidity;
    }

    /** Signs a PEM CSR for {@code caller}; returns the leaf and the issuing CA. */
    public IssuedChain sign(String csrPem, CertType type, Caller caller) {
        VerifiedCsr csr = CertificateSigningRequest.parsePem(csrPem).verifySignature();
        List<SignOption> options = provisioner.authorizeSign(caller, type);

        // Validators first, in the order given; modifiers collected and required exactly once each.
        Duration validity = null;
        CertType profile = null;
        for (SignOption option : options) {
            switch (option) {
                case SignOption.KeyPolicy p -> checkKey(csr.publicKey(), p);
                case SignOption.ApprovedIdentities a -> checkApproved(csr, type, a);
                case SignOption.ValidityPeriod v -> validity = once(validity, v.validity(), "ValidityPeriod");
                case SignOption.UsageProfile u -> profile = once(profile, u.type(), "UsageProfile");
            }
        }
        if (validity == null || profile == null) {
            throw new IllegalStateException("provisioner returned no " + (validity == null ? "ValidityPeriod" : "UsageProfile"));
        }
        if (profile != type) {
            throw new IllegalStateException("provisioner profile " + profile + " differs from requested " + type);
        }

        CaSigner.SignedLeaf leaf = signer.sign(new LeafTemplate(profile, csr.commonName(), csr.sans(), csr.publicKey(), validity));
        String leafPem = pem(leaf.certificate());
        repository.save(new IssuedCertificate(leaf.serial(), type, "CN=" + csr.commonName(),
                csr.sans().stream().map(SubjectAltName::text).toList(), leaf.notBefore(), leaf.notAfter(), leafPem,
                clock.instant(), caller.subject(), Optional.empty()));
        AUDIT.log(System.Logger.Level.INFO, "issued {0} certificate serial={1} {2} for {3}",
                type.wireName(), leaf.serial().hex(), csr.describe(), caller.subject());
        return new IssuedChain(leaf.serial(), leafPem, pem(leaf.issuer()));
    }

    /** Revokes an issued certificate; unknown serial 404, already revoked 409. */
    public IssuedCertificate.Revocation revoke(SerialNumber serial, RevocationReason reason) {
        Instant now = clock.instant();
        return switch (repository.revoke(serial, now, reason)) {
            case REVOKED -> {
                AUDIT.log(System.Logger.Level.INFO, "revoked certificate serial={0} reason={1}", serial.hex(), reason.wireName());
                yield new IssuedCertificate.Revocation(now, reason);
            }
            case UNKNOWN -> throw new CmsException(CmsError.UNKNOWN_CERTIFICATE, "no certificate with serial " + serial + " was issued here");
            case ALREADY_REVOKED -> throw new CmsException(CmsError.ALREADY_REVOKED, "certificate " + serial + " is already revoked");
        };
    }

    /** The PEM certificate of one CA. */
    public String caCertificatePem(CaName ca) {
        return pem(signer.hierarchy().get(ca).certificate());
    }

    /**
     * A fresh CRL for one CA with a new CRL number. The root's CRL lists no entries: issuing CAs are not
     * revoked through the API.
     */
    public X509CRLHolder crl(CaName ca) {
        Instant now = clock.instant();
        List<CaSigner.RevokedEntry> entries = new ArrayList<>();
        if (!ca.isRoot()) {
            CertType type = switch (ca) {
                case TLS -> CertType.TLS;
                case TLS_CLIENT -> CertType.TLS_CLIENT;
                case SIGNING -> CertType.SIGNING;
                case ROOT -> throw new IllegalStateException("unreachable");
            };
            for (IssuedCertificate c : repository.revoked(type, now)) {
                IssuedCertificate.Revocation r = c.revocation().orElseThrow();
                entries.add(new CaSigner.RevokedEntry(c.serial(), r.revokedAt(), r.reason()));
            }
        }
        return signer.signCrl(ca, repository.nextCrlNumber(ca.wireName()), entries, crlValidity);
    }

    private static <T> T once(T current, T next, String what) {
        if (current != null) {
            throw new IllegalStateException("provisioner returned " + what + " twice");
        }
        return next;
    }

    static void checkKey(SubjectPublicKeyInfo spki, SignOption.KeyPolicy policy) {
        ASN1ObjectIdentifier alg = spki.getAlgorithm().getAlgorithm();
        if (alg.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
            if (!(spki.getAlgorithm().getParameters() instanceof ASN1ObjectIdentifier curve) || !ACCEPTED_CURVES.contains(curve)) {
                throw new CmsException(CmsError.WEAK_KEY, "EC keys must use a named curve P-256, P-384 or P-521; got "
                        + spki.getAlgorithm().getParameters());
            }
            return;
        }
        if (alg.equals(PKCSObjectIdentifiers.rsaEncryption)) {
            BigInteger modulus;
            BigInteger exponent;
            try {
                RSAPublicKey rsa = RSAPublicKey.getInstance(spki.parsePublicKey());
                modulus = rsa.getModulus();
                exponent = rsa.getPublicExponent();
            } catch (IOException | RuntimeException e) {
                throw new CmsException(CmsError.MALFORMED_CSR, "RSA public key is malformed");
            }
            int bits = modulus.bitLength();
            if (bits < policy.minRsaBits() || bits > MAX_RSA_BITS) {
                throw new CmsException(CmsError.WEAK_KEY, "RSA keys must have " + policy.minRsaBits() + " to " + MAX_RSA_BITS
                        + " bits; got " + bits);
            }
            if (!exponent.testBit(0) || exponent.compareTo(BigInteger.valueOf(3)) < 0) {
                throw new CmsException(CmsError.WEAK_KEY, "RSA public exponent must be odd and at least 3");
            }
            return;
        }
        throw new CmsException(CmsError.WEAK_KEY, "key algorithm " + alg.getId() + " is not accepted; use EC P-256/P-384/P-521 or RSA >= "
                + policy.minRsaBits());
    }

    private static void checkApproved(VerifiedCsr csr, CertType type, SignOption.ApprovedIdentities approvals) {
        if (approvals.selectors().stream().noneMatch(s -> s.matches(csr, type))) {
            throw new CmsException(CmsError.NOT_APPROVED, "no certificates:create permission of the caller matches "
                    + csr.describe() + ";certType=" + type.wireName());
        }
    }

    static String pem(X509Certificate cert) {
        try {
            return Pem.encode("CERTIFICATE", cert.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("cannot encode certificate", e);
        }
    }

    /** The answer to a sign request. */
    public record IssuedChain(SerialNumber serial, String leafPem, String issuingCaPem) {
        /** Leaf first, then the issuing CA, as served by {@code POST /certificates}. */
        public String pemChain() { return leafPem + issuingCaPem; }
    }

}
