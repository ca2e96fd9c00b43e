package dev.trustedcompute.tpmquote.tdx;

import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;

/**
 * A stand-in for Intel's PKI (root, PCK Platform CA, PCK leaf carrying a real PCK's SGX extension, TCB
 * Signing) so tests can produce what captured data cannot: revoked certificates and re-signed collateral.
 * Captured quotes are re-certified by re-signing their QE report with the stand-in PCK key; the quote's
 * own signature, attestation key and QE binding stay the captured ones.
 */
final class TestIntelPki {

    final KeyPair rootKey = ecKey();
    final KeyPair caKey = ecKey();
    final KeyPair pckKey = ecKey();
    final KeyPair tcbKey = ecKey();
    final X509Certificate root;
    final X509Certificate platformCa;
    final X509Certificate tcbSigning;
    private final Instant notBefore = Instant.parse("2020-01-01T00:00:00Z");
    private final Instant notAfter = Instant.parse("2040-01-01T00:00:00Z");

    TestIntelPki() throws Exception {
        X500Name rootName = new X500Name("CN=Test SGX Root CA,O=Trusted Compute Tests");
        root = cert(rootName, rootName, rootKey, rootKey.getPrivate(), BigInteger.ONE, true, null);
        platformCa = cert(new X500Name("CN=Test SGX PCK Platform CA,O=Trusted Compute Tests"), rootName, caKey,
                rootKey.getPrivate(), BigInteger.TWO, true, null);
        tcbSigning = cert(new X500Name("CN=Test SGX TCB Signing,O=Trusted Compute Tests"), rootName, tcbKey,
                rootKey.getPrivate(), BigInteger.valueOf(3), false, null);
    }

    /** A PCK leaf for the stand-in CA carrying {@code template}'s SGX extension (FMSPC, TCB, PCE ID). */
    X509Certificate pckLike(X509Certificate template, BigInteger serial) throws Exception {
        byte[] ext = ASN1OctetString.getInstance(template.getExtensionValue(PckExtensions.SGX_EXTENSION_OID)).getOctets();
        return cert(new X500Name("CN=Test SGX PCK Certificate,O=Trusted Compute Tests"),
                X500Name.getInstance(platformCa.getSubjectX500Principal().getEncoded()), pckKey, caKey.getPrivate(), serial, false,
                ext);
    }

    /** {@code quote} with its QE report re-signed by the stand-in PCK key and the PEM chain replaced. */
    byte[] recertify(TdxQuote quote, X509Certificate pck) throws Exception {
        byte[] qeSignature = sign(pckKey.getPrivate(), quote.qeReport().raw());
        byte[] pem = pem(List.of(pck, platformCa, root));
        byte[] auth = quote.qeAuthData();
        int certData = 384 + 64 + 2 + auth.length + 2 + 4 + pem.length;
        int sigData = 64 + 64 + 2 + 4 + certData;
        byte[] signed = quote.signedBytes();
        ByteBuffer b = ByteBuffer.allocate(signed.length + 4 + sigData).order(ByteOrder.LITTLE_ENDIAN);
        b.put(signed).putInt(sigData).put(quote.signature()).put(quote.attestationKey())
                .putShort((short) 6).putInt(certData).put(quote.qeReport().raw()).put(qeSignature)
                .putShort((short) auth.length).put(auth).putShort((short) 5).putInt(pem.length).put(pem);
        return b.array();
    }

    /** A CRL of {@code issuer} (signed with {@code key}) revoking the given serials. */
    X509CRL crl(X509Certificate issuer, KeyPair key, BigInteger... revoked) throws Exception {
        X509v2CRLBuilder builder = new X509v2CRLBuilder(X500Name.getInstance(issuer.getSubjectX500Principal().getEncoded()),
                Date.from(notBefore));
        builder.setNextUpdate(Date.from(notAfter));
        for (BigInteger serial : revoked) {
            builder.addCRLEntry(serial, Date.from(Instant.parse("2021-01-01T00:00:00Z")), CRLReason.keyCompromise);
        }
        X509CRLHolder holder = builder.build(signer(key.getPrivate()));
        return new JcaX509CRLConverter().getCRL(holder);
    }

    /** Signs collateral bytes (tcbInfo / enclaveIdentity text) with the stand-in TCB Signing key, r||s. */
    byte[] signCollateral(byte[] body) throws Exception {
        return sign(tcbKey.getPrivate(), body);
    }

    private X509Certificate cert(X500Name subject, X500Name issuer, KeyPair key, PrivateKey signer, BigInteger serial,
                                 boolean ca, byte[] sgxExtension) throws Exception {
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer, serial, Date.from(notBefore),
                Date.from(notAfter), subject, key.getPublic());
        if (ca) {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
        }
        if (sgxExtension != null) {
            builder.addExtension(new ASN1ObjectIdentifier(PckExtensions.SGX_EXTENSION_OID), false,
                    ASN1Primitive.fromByteArray(sgxExtension));
        }
        return new JcaX509CertificateConverter().getCertificate(builder.build(signer(signer)));
    }

    private static ContentSigner signer(PrivateKey key) throws Exception {
        return new JcaContentSignerBuilder("SHA256withECDSA").build(key);
    }

    private static byte[] sign(PrivateKey key, byte[] data) throws Exception {
        Signature s = Signature.getInstance("SHA256withECDSAinP1363Format");
        s.initSign(key);
        s.update(data);
        return s.sign();
    }

    private static byte[] pem(List<X509Certificate> certs) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (X509Certificate c : certs) {
            out.write(("-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(c.getEncoded())
                    + "\n-----END CERTIFICATE-----\n").getBytes(StandardCharsets.US_ASCII));
        }
        out.write(0);
        return out.toByteArray();
    }

    private static KeyPair ecKey() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
