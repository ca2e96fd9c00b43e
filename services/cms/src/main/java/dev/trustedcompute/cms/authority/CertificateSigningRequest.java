package dev.trustedcompute.cms.authority;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.pkcs.Attribute;
import org.bouncycastle.asn1.pkcs.CertificationRequest;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.operator.ContentVerifier;
import org.bouncycastle.operator.ContentVerifierProvider;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A parsed, <em>unverified</em> PKCS#10 request (RFC 2986):
 * <pre>
 * CertificationRequest ::= SEQUENCE {
 *     certificationRequestInfo CertificationRequestInfo,
 *     signatureAlgorithm       AlgorithmIdentifier,
 *     signature                BIT STRING }
 * </pre>
 * Nothing from it may be trusted until {@link #verifySignature()} returns a {@link VerifiedCsr}; the
 * signature is checked over the {@code certificationRequestInfo} bytes exactly as received.
 */
public final class CertificateSigningRequest {
    private static final List<String> PEM_LABELS = List.of("CERTIFICATE REQUEST", "NEW CERTIFICATE REQUEST");
    /** CN: short, printable, and free of the selector separators ';' ',' '=' so selector matching is unambiguous. */
    private static final Pattern COMMON_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 ._@*-]{0,63}");

    private final byte[] der;
    private final PKCS10CertificationRequest request;

    private CertificateSigningRequest(byte[] der, PKCS10CertificationRequest request) {
        this.der = der;
        this.request = request;
    }

    /** Parses a PEM CSR ("CERTIFICATE REQUEST" or the legacy "NEW CERTIFICATE REQUEST" label). */
    public static CertificateSigningRequest parsePem(String pem) {
        return parseDer(Pem.decodeSingle(pem, PEM_LABELS));
    }

    /** Parses DER; BER or trailing bytes are refused so that the bytes we verify are the bytes we store. */
    public static CertificateSigningRequest parseDer(byte[] der) {
        PKCS10CertificationRequest request;
        try {
            // fromByteArray rejects trailing data after the outer SEQUENCE.
            request = new PKCS10CertificationRequest(CertificationRequest.getInstance(ASN1Primitive.fromByteArray(der)));
            if (!Arrays.equals(request.getEncoded(), der)) {
                throw new CmsException(CmsError.MALFORMED_CSR, "CSR is not DER-encoded (BER or non-canonical lengths)");
            }
        } catch (CmsException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // BC signals malformed ASN.1 with IOException, IllegalArgumentException, ClassCastException...: all client errors here.
            throw new CmsException(CmsError.MALFORMED_CSR, "body is not a PKCS#10 certificate signing request (the DER does not parse as CertificationRequest)");
        }
        return new CertificateSigningRequest(der.clone(), request);
    }

    /** The DER bytes as received. */
    public byte[] der() { return der.clone(); }

    /**
     * Checks the self-signature with the CSR's own public key over the received
     * {@code certificationRequestInfo} bytes, then extracts the names.
     */
    public VerifiedCsr verifySignature() {
        SubjectPublicKeyInfo spki = request.getSubjectPublicKeyInfo();
        boolean valid;
        try {
            ContentVerifierProvider provider = new JcaContentVerifierProviderBuilder().build(spki);
            ContentVerifier verifier = provider.get(request.getSignatureAlgorithm());
            try (OutputStream out = verifier.getOutputStream()) {
                out.write(certificationRequestInfoBytes());
            }
            valid = verifier.verify(request.getSignature());
        } catch (Exception e) {
            // Unknown algorithm, key that the JCA cannot load, signature of the wrong shape: the request is unusable.
            throw new CmsException(CmsError.CSR_SIGNATURE_INVALID,
                    "CSR signature cannot be checked: unsupported signature algorithm " + request.getSignatureAlgorithm().getAlgorithm().getId()
                            + " or unusable public key");
        }
        if (!valid) {
            throw new CmsException(CmsError.CSR_SIGNATURE_INVALID, "CSR signature does not verify with the CSR's public key");
        }
        return new VerifiedCsr(der, spki, commonName(request.getSubject()), subjectAltNames());
    }

    /** The first element of the outer SEQUENCE, sliced from the received bytes (DER was enforced at parse). */
    private byte[] certificationRequestInfoBytes() {
        int offset = 1 + lengthOfLength(der, 1);
        int innerLength = 1 + lengthOfLength(der, offset + 1) + definiteLength(der, offset + 1);
        return Arrays.copyOfRange(der, offset, offset + innerLength);
    }

    private static int lengthOfLength(byte[] b, int at) {
        int first = b[at] & 0xff;
        return first < 0x80 ? 1 : 1 + (first & 0x7f);
    }

    private static int definiteLength(byte[] b, int at) {
        int first = b[at] & 0xff;
        if (first < 0x80) {
            return first;
        }
        int len = 0;
        for (int i = 1; i <= (first & 0x7f); i++) {
            len = (len << 8) | (b[at + i] & 0xff);
        }
        return len;
    }

    private static String commonName(X500Name subject) {
        List<String> cns = new ArrayList<>();
        for (RDN rdn : subject.getRDNs()) {
            for (AttributeTypeAndValue atv : rdn.getTypesAndValues()) {
                if (atv.getType().equals(BCStyle.CN)) {
                    if (!(atv.getValue() instanceof ASN1String s)) {
                        throw new CmsException(CmsError.INVALID_SUBJECT, "subject CN is not a string");
                    }
                    cns.add(s.getString());
                }
            }
        }
        if (cns.size() != 1) {
            throw new CmsException(CmsError.INVALID_SUBJECT, "subject must contain exactly one CN, found " + cns.size());
        }
        String cn = cns.getFirst();
        if (!COMMON_NAME.matcher(cn).matches()) {
            throw new CmsException(CmsError.INVALID_SUBJECT, "subject CN '" + SubjectAltName.printable(cn)
                    + "' must be 1-64 characters of letters, digits, space and ._@*- (starting with a letter or digit)");
        }
        return cn;
    }

    private List<SubjectAltName> subjectAltNames() {
        Attribute[] attributes = request.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest);
        if (attributes.length == 0) {
            return List.of();
        }
        if (attributes.length > 1 || attributes[0].getAttrValues().size() != 1) {
            throw new CmsException(CmsError.INVALID_SUBJECT, "CSR must carry at most one extensionRequest attribute with one value");
        }
        Extensions extensions;
        GeneralNames names;
        try {
            ASN1Encodable value = attributes[0].getAttrValues().getObjectAt(0);
            extensions = Extensions.getInstance(value.toASN1Primitive().getEncoded(ASN1Encoding.DER));
            names = GeneralNames.fromExtensions(extensions, Extension.subjectAlternativeName);
        } catch (IOException | RuntimeException e) {
            throw new CmsException(CmsError.MALFORMED_CSR, "extensionRequest attribute is malformed");
        }
        if (names == null) {
            return List.of();
        }
        List<SubjectAltName> sans = new ArrayList<>();
        for (GeneralName name : names.getNames()) {
            SubjectAltName san;
            try {
                san = switch (name.getTagNo()) {
                    case GeneralName.dNSName -> new SubjectAltName.DnsName(((ASN1String) name.getName()).getString());
                    case GeneralName.iPAddress -> SubjectAltName.IpAddress.fromOctets(
                            ASN1OctetString.getInstance(name.getName()).getOctets());
                    default -> throw new CmsException(CmsError.INVALID_SUBJECT,
                            "SAN of GeneralName tag " + name.getTagNo() + " is not accepted; only DNS names and IP addresses");
                };
            } catch (CmsException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new CmsException(CmsError.MALFORMED_CSR, "SAN entry of tag " + name.getTagNo() + " is malformed");
            }
            if (!sans.contains(san)) {
                sans.add(san);
            }
        }
        if (sans.size() > 100) {
            throw new CmsException(CmsError.INVALID_SUBJECT, "at most 100 SANs are accepted");
        }
        return List.copyOf(sans);
    }
}
