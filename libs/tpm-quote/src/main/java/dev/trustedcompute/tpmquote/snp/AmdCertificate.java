package dev.trustedcompute.tpmquote.snp;

import dev.trustedcompute.tpmquote.EvidenceFormatException;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;

/**
 * One X.509 certificate of the AMD key hierarchy (ARK, ASK, ASVK, VCEK or VLEK), parsed from DER or PEM.
 * The DER bytes received are kept, and parsing insists that they are exactly one DER certificate, so the
 * signature checks later run over the bytes that were sent. Parsing says nothing about trust.
 */
public final class AmdCertificate {

    private static final int MAX_CERTIFICATE = 64 * 1024;
    private static final int MAX_PEM_BUNDLE = 1024 * 1024;

    private final byte[] der;
    private final X509CertificateHolder holder;
    private final String subjectCommonName;
    private final String issuerCommonName;

    private AmdCertificate(byte[] der, X509CertificateHolder holder, String subjectCommonName,
            String issuerCommonName) {
        this.der = der;
        this.holder = holder;
        this.subjectCommonName = subjectCommonName;
        this.issuerCommonName = issuerCommonName;
    }

    /** Parses one certificate given as DER or as a single PEM block. */
    public static AmdCertificate parse(byte[] derOrPem, String field) throws EvidenceFormatException {
        if (derOrPem == null || derOrPem.length == 0) {
            throw new EvidenceFormatException(field, "no certificate bytes");
        }
        if ((derOrPem[0] & 0xff) == 0x30) {
            return parseDer(derOrPem, field);
        }
        List<AmdCertificate> all = parseAll(derOrPem, field);
        if (all.size() != 1) {
            throw new EvidenceFormatException(field, "expected one PEM certificate, found " + all.size());
        }
        return all.getFirst();
    }

    /** Parses every CERTIFICATE block of a PEM bundle (or a single DER certificate); at least one is required. */
    public static List<AmdCertificate> parseAll(byte[] pemOrDer, String field) throws EvidenceFormatException {
        if (pemOrDer == null || pemOrDer.length == 0) {
            throw new EvidenceFormatException(field, "no certificate bytes");
        }
        if ((pemOrDer[0] & 0xff) == 0x30) {
            return List.of(parseDer(pemOrDer, field));
        }
        if (pemOrDer.length > MAX_PEM_BUNDLE) {
            throw new EvidenceFormatException(field, "PEM bundle of " + pemOrDer.length + " bytes exceeds "
                    + MAX_PEM_BUNDLE);
        }
        String text = new String(pemOrDer, StandardCharsets.US_ASCII);
        List<AmdCertificate> out = new ArrayList<>();
        try (PemReader reader = new PemReader(new StringReader(text))) {
            PemObject object;
            while ((object = reader.readPemObject()) != null) {
                if (!"CERTIFICATE".equals(object.getType())) {
                    throw new EvidenceFormatException(field + "[" + out.size() + "]",
                            "PEM block of type " + object.getType() + ", expected CERTIFICATE");
                }
                out.add(parseDer(object.getContent(), field + "[" + out.size() + "]"));
            }
        } catch (IOException | RuntimeException e) {
            // BC's PEM reader reports bad base64 and unterminated blocks as IOException or unchecked
            throw new EvidenceFormatException(field, "malformed PEM: " + e.getMessage(), e);
        }
        if (out.isEmpty()) {
            throw new EvidenceFormatException(field, "no PEM CERTIFICATE block found");
        }
        return List.copyOf(out);
    }

    private static AmdCertificate parseDer(byte[] der, String field) throws EvidenceFormatException {
        if (der.length > MAX_CERTIFICATE) {
            throw new EvidenceFormatException(field, "certificate of " + der.length + " bytes exceeds " + MAX_CERTIFICATE);
        }
        X509CertificateHolder holder;
        byte[] reencoded;
        String subject;
        String issuer;
        try {
            holder = new X509CertificateHolder(der);
            reencoded = holder.getEncoded();
            // touch what verification reads later so that a lazily parsed malformed part fails here:
            // names are compared in canonical form (hashCode canonicalizes every attribute value)
            subject = commonName(holder.getSubject());
            issuer = commonName(holder.getIssuer());
            holder.getSubject().hashCode();
            holder.getIssuer().hashCode();
            holder.getSubjectPublicKeyInfo();
            holder.getExtensions();
            holder.getNotBefore();
            holder.getNotAfter();
        } catch (IOException | RuntimeException e) {
            // X509CertificateHolder reports ASN.1 problems as IOException, but also unchecked exceptions
            throw new EvidenceFormatException(field, "not an X.509 certificate: " + e.getMessage(), e);
        }
        if (!Arrays.equals(reencoded, der)) {
            throw new EvidenceFormatException(field, "not exactly one DER-encoded certificate (trailing bytes or BER)");
        }
        return new AmdCertificate(der.clone(), holder, subject, issuer);
    }

    private static String commonName(X500Name name) {
        RDN[] rdns = name.getRDNs(BCStyle.CN);
        return rdns.length == 0 ? "" : IETFUtils.valueToString(rdns[0].getFirst().getValue());
    }

    /** The DER bytes as received (a copy). */
    public byte[] der() {
        return der.clone();
    }

    public String subjectCommonName() {
        return subjectCommonName;
    }

    public String issuerCommonName() {
        return issuerCommonName;
    }

    public Instant notBefore() {
        return holder.getNotBefore().toInstant();
    }

    public Instant notAfter() {
        return holder.getNotAfter().toInstant();
    }

    /** Lower-case hex SHA-256 of the DER bytes, to name a certificate in messages. */
    public String sha256() {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }

    /** The extnValue octets of an extension, or null when absent. */
    byte[] extensionValue(ASN1ObjectIdentifier oid) {
        Extension extension = holder.getExtension(oid);
        return extension == null ? null : extension.getExtnValue().getOctets();
    }

    X509CertificateHolder holder() {
        return holder;
    }

    boolean sameBytes(AmdCertificate other) {
        return MessageDigest.isEqual(der, other.der);
    }

    @Override
    public String toString() {
        return "AmdCertificate[" + subjectCommonName + " issued by " + issuerCommonName + "]";
    }
}
