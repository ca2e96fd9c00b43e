package dev.trustedcompute.tpmquote.snp;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.Map;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A test-only AMD-like PKI: ARK, ASK and ASVK (RSA-2048, RSASSA-PSS SHA-384, AMD common names) and VCEK/VLEKs
 * (P-384) with chosen TCB extensions, so paths the captures lack (Turin reports, VLEK, TCB mismatch) can be
 * exercised with real signatures. Keys are generated once per JVM.
 */
final class TestAmdPki {

    static final Provider BC = new BouncyCastleProvider();
    static final Instant FROM = Instant.parse("2024-01-01T00:00:00Z");
    static final Instant TO = Instant.parse("2030-01-01T00:00:00Z");
    static final Instant AT = Instant.parse("2025-06-01T00:00:00Z");
    static final String PSS = "SHA384withRSAandMGF1";

    private static final KeyPair ARK_KEYS = rsa();
    private static final KeyPair INTERMEDIATE_KEYS = rsa();
    private static final KeyPair OTHER_KEYS = rsa();

    final SnpProduct product;
    final AmdCertificate ark;
    final AmdCertificate ask;
    final AmdCertificate asvk;

    private TestAmdPki(SnpProduct product) {
        this.product = product;
        String name = product.amdName();
        this.ark = parse(certificate("ARK-" + name, "ARK-" + name, ARK_KEYS.getPublic(), ARK_KEYS.getPrivate(), FROM,
                TO, PSS, null));
        this.ask = parse(certificate("SEV-" + name, "ARK-" + name, INTERMEDIATE_KEYS.getPublic(),
                ARK_KEYS.getPrivate(), FROM, TO, PSS, null));
        this.asvk = parse(certificate("SEV-VLEK-" + name, "ARK-" + name, INTERMEDIATE_KEYS.getPublic(),
                ARK_KEYS.getPrivate(), FROM, TO, PSS, null));
    }

    static TestAmdPki of(SnpProduct product) {
        return new TestAmdPki(product);
    }

    AmdRoots roots() {
        return AmdRoots.of(Map.of(product, new AmdRoots.ProductRoots(product, ark, ask, asvk)));
    }

    SnpVerifier verifier() {
        return new SnpVerifier(roots());
    }

    /** The TCB extensions a VEK certifies. {@code fmc} and {@code hwId} may be null (absent). */
    record Tcb(int bootloader, int tee, int snp, int microcode, Integer fmc, byte[] hwId) {
    }

    /** A VEK certificate and its private key. */
    record Vek(byte[] der, PrivateKey key) {

        /** Signs bytes 0x000-0x29F of {@code report} in place: R and S little-endian, the rest of the area zero. */
        byte[] sign(byte[] report) {
            try {
                Signature signer = Signature.getInstance("SHA384withECDSA");
                signer.initSign(key);
                signer.update(report, 0, SnpReport.SIGNED_LENGTH);
                ASN1Sequence rs = ASN1Sequence.getInstance(signer.sign());
                BigInteger r = ASN1Integer.getInstance(rs.getObjectAt(0)).getValue();
                BigInteger s = ASN1Integer.getInstance(rs.getObjectAt(1)).getValue();
                Arrays.fill(report, SnpReport.SIGNED_LENGTH, SnpReport.SIZE, (byte) 0);
                putLittleEndian(report, SnpReport.SIGNED_LENGTH, r);
                putLittleEndian(report, SnpReport.SIGNED_LENGTH + 72, s);
                return report;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    Vek vcek(Tcb tcb) {
        return vek("SEV-VCEK", "SEV-" + product.amdName(), tcb, PSS, "secp384r1", INTERMEDIATE_KEYS.getPrivate(), TO);
    }

    Vek vlek(Tcb tcb) {
        return vek("SEV-VLEK", "SEV-VLEK-" + product.amdName(), tcb, PSS, "secp384r1", INTERMEDIATE_KEYS.getPrivate(),
                TO);
    }

    Vek vek(String cn, String issuerCn, Tcb tcb, String signatureAlgorithm, String curve, PrivateKey issuerKey,
            Instant notAfter) {
        KeyPair keys = ec(curve);
        byte[] der = certificate(cn, issuerCn, keys.getPublic(), issuerKey, FROM, notAfter, signatureAlgorithm,
                builder -> {
                    add(builder, VekExtensions.PRODUCT_NAME, new DERIA5String(product.amdName()).getEncoded());
                    add(builder, VekExtensions.BL_SPL, new ASN1Integer(tcb.bootloader()).getEncoded());
                    add(builder, VekExtensions.TEE_SPL, new ASN1Integer(tcb.tee()).getEncoded());
                    add(builder, VekExtensions.SNP_SPL, new ASN1Integer(tcb.snp()).getEncoded());
                    add(builder, VekExtensions.UCODE_SPL, new ASN1Integer(tcb.microcode()).getEncoded());
                    if (tcb.fmc() != null) {
                        add(builder, VekExtensions.FMC_SPL, new ASN1Integer(tcb.fmc()).getEncoded());
                    }
                    if (tcb.hwId() != null) {
                        add(builder, VekExtensions.HW_ID, tcb.hwId()); // raw bytes, as AMD KDS encodes it
                    }
                });
        return new Vek(der, keys.getPrivate());
    }

    /** An ARK/ASK-like certificate with the given names signed by a key that is not the pinned ARK's. */
    static AmdCertificate foreign(String cn, String issuerCn) {
        return parse(certificate(cn, issuerCn, OTHER_KEYS.getPublic(), OTHER_KEYS.getPrivate(), FROM, TO, PSS, null));
    }

    static PrivateKey intermediateKey() {
        return INTERMEDIATE_KEYS.getPrivate();
    }

    static PrivateKey arkKey() {
        return ARK_KEYS.getPrivate();
    }

    static PublicKey intermediatePublicKey() {
        return INTERMEDIATE_KEYS.getPublic();
    }

    interface Extensions {
        void add(X509v3CertificateBuilder builder) throws Exception;
    }

    static byte[] certificate(String cn, String issuerCn, PublicKey key, PrivateKey issuerKey, Instant from,
            Instant to, String signatureAlgorithm, Extensions extensions) {
        try {
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name(issuerCn), BigInteger.ONE,
                    Date.from(from), Date.from(to), name(cn), key);
            if (extensions != null) {
                extensions.add(builder);
            }
            return builder.build(new JcaContentSignerBuilder(signatureAlgorithm).setProvider(BC).build(issuerKey))
                    .getEncoded();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static AmdCertificate parse(byte[] der) {
        try {
            return AmdCertificate.parse(der, "test");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void add(X509v3CertificateBuilder builder, org.bouncycastle.asn1.ASN1ObjectIdentifier oid,
            byte[] value) throws Exception {
        builder.addExtension(new Extension(oid, false, new DEROctetString(value)));
    }

    private static X500Name name(String cn) {
        return new X500Name("CN=" + cn + ",O=Advanced Micro Devices,C=US");
    }

    private static void putLittleEndian(byte[] out, int offset, BigInteger value) {
        byte[] bigEndian = value.toByteArray();
        for (int i = 0; i < bigEndian.length && i < 72; i++) {
            out[offset + i] = bigEndian[bigEndian.length - 1 - i];
        }
    }

    private static KeyPair rsa() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair ec(String curve) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec(curve));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
