package dev.trustedcompute.cms.cas;

import dev.trustedcompute.cms.authority.CertType;
import dev.trustedcompute.cms.authority.RevocationReason;
import dev.trustedcompute.cms.authority.SerialNumber;
import dev.trustedcompute.cms.authority.SubjectAltName;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.bc.BcX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * Holds the CA keys and signs (step-ca's {@code softcas}): leaf certificates from a {@link LeafTemplate} and
 * CRLs. It trusts its input: every policy decision was taken by {@code CertificateAuthority} before.
 */
public final class CaSigner {
    /** notBefore is backdated so that a verifier with a slightly slow clock accepts a fresh certificate. */
    static final Duration BACKDATE = Duration.ofMinutes(1);

    private final CaHierarchy cas;
    private final Clock clock;
    private final SecureRandom random;

    public CaSigner(CaHierarchy cas, Clock clock, SecureRandom random) {
        this.cas = cas;
        this.clock = clock;
        this.random = random;
    }

    public CaHierarchy hierarchy() { return cas; }

    /** Signs a leaf with the issuing CA of its type. */
    public SignedLeaf sign(LeafTemplate t) {
        CaKey issuer = cas.get(CaName.issuerOf(t.type()));
        Instant now = clock.instant();
        Instant notBefore = now.minus(BACKDATE);
        Instant notAfter = now.plus(t.validity());
        Instant issuerEnd = issuer.certificate().getNotAfter().toInstant();
        if (notAfter.isAfter(issuerEnd)) {
            notAfter = issuerEnd;  // a leaf never outlives the CA that vouches for it
        }
        if (!notAfter.isAfter(now)) {
            throw new IllegalStateException("Issuing CA " + issuer.name() + " expired at " + issuerEnd);
        }
        SerialNumber serial = SerialNumber.random(random);
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, t.commonName()).build();
        try {
            X509v3CertificateBuilder b = new X509v3CertificateBuilder(issuerName(issuer), serial.value(),
                    Date.from(notBefore), Date.from(notAfter), subject, t.publicKey());
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage(t)));
            switch (t.type()) {
                case TLS -> b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
                case TLS_CLIENT -> b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
                case SIGNING -> { /* key usage digitalSignature only: usable for any signature format */ }
            }
            if (!t.sans().isEmpty()) {
                b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(
                        t.sans().stream().map(CaSigner::generalName).toArray(GeneralName[]::new)));
            }
            b.addExtension(Extension.subjectKeyIdentifier, false, new BcX509ExtensionUtils().createSubjectKeyIdentifier(t.publicKey()));
            b.addExtension(Extension.authorityKeyIdentifier, false,
                    new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(issuer.certificate()));
            X509CertificateHolder holder = b.build(signer(issuer));
            X509Certificate cert = new JcaX509CertificateConverter().getCertificate(holder);
            return new SignedLeaf(serial, cert, notBefore, notAfter, issuer.certificate());
        } catch (IOException | CertificateException | java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("Cannot build certificate for " + t.commonName(), e);
        }
    }

    /**
     * Signs a full CRL (RFC 5280 §5) for one CA: thisUpdate now, nextUpdate now + {@code nextUpdateIn},
     * extensions cRLNumber and authorityKeyIdentifier, one entry (with reasonCode) per revoked certificate.
     */
    public X509CRLHolder signCrl(CaName ca, long crlNumber, List<RevokedEntry> entries, Duration nextUpdateIn) {
        CaKey issuer = cas.get(ca);
        Instant now = clock.instant();
        try {
            X509v2CRLBuilder b = new X509v2CRLBuilder(issuerName(issuer), Date.from(now));
            b.setNextUpdate(Date.from(now.plus(nextUpdateIn)));
            for (RevokedEntry e : entries) {
                b.addCRLEntry(e.serial().value(), Date.from(e.revokedAt()), e.reason().code());
            }
            b.addExtension(Extension.cRLNumber, false, new CRLNumber(java.math.BigInteger.valueOf(crlNumber)));
            b.addExtension(Extension.authorityKeyIdentifier, false,
                    new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(issuer.certificate()));
            return b.build(signer(issuer));
        } catch (IOException | CertificateException | java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("Cannot build CRL for " + ca, e);
        }
    }

    private static X500Name issuerName(CaKey issuer) {
        return X500Name.getInstance(issuer.certificate().getSubjectX500Principal().getEncoded());
    }

    private static ContentSigner signer(CaKey issuer) {
        try {
            return new JcaContentSignerBuilder(CaHierarchy.SIGNATURE_ALGORITHM).build(issuer.privateKey());
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("Cannot sign with " + issuer.name(), e);
        }
    }

    private static int keyUsage(LeafTemplate t) {
        boolean rsa = t.publicKey().getAlgorithm().getAlgorithm().equals(PKCSObjectIdentifiers.rsaEncryption);
        return switch (t.type()) {
            // RSA TLS (1.2 static RSA key exchange) needs keyEncipherment; EC keys only sign.
            case TLS, TLS_CLIENT -> rsa ? KeyUsage.digitalSignature | KeyUsage.keyEncipherment : KeyUsage.digitalSignature;
            case SIGNING -> KeyUsage.digitalSignature;
        };
    }

    private static GeneralName generalName(SubjectAltName san) {
        return switch (san) {
            case SubjectAltName.DnsName dns -> new GeneralName(GeneralName.dNSName, dns.text());
            case SubjectAltName.IpAddress ip -> {
                try {
                    yield new GeneralName(GeneralName.iPAddress, new DEROctetString(InetAddress.getByName(ip.text()).getAddress()));
                } catch (UnknownHostException e) {
                    throw new IllegalStateException("normalised IP literal did not parse: " + ip.text(), e);
                }
            }
        };
    }

    /** A freshly signed leaf and the issuing CA certificate that signed it. */
    public record SignedLeaf(SerialNumber serial, X509Certificate certificate, Instant notBefore, Instant notAfter,
                             X509Certificate issuer) {}

    /** One CRL entry. */
    public record RevokedEntry(SerialNumber serial, Instant revokedAt, RevocationReason reason) {}

}
