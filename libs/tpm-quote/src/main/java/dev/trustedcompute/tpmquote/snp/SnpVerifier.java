package dev.trustedcompute.tpmquote.snp;

import dev.trustedcompute.tpmquote.Reason;
import dev.trustedcompute.tpmquote.VerificationException;
import java.io.IOException;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.Provider;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSASSAPSSparams;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.CertException;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;

/**
 * Verifies an {@link SnpReport} against its VCEK/VLEK and the pinned AMD roots, in Trustee's order
 * ({@code deps/verifier/src/snp/mod.rs}): version -> certificate chain (a supplied ARK must equal the pinned
 * one) -> report signature -> TCB -> VMPL -> report data and host data. Each step is one private method that
 * throws a {@link VerificationException} naming what failed; the first failure stops verification.
 * <p>Chain: VCEK -> ASK -> ARK or VLEK -> ASVK -> ARK, every link RSASSA-PSS with SHA-384 (AMD KDS spec);
 * the report signature is ECDSA P-384 with SHA-384 over bytes 0x000-0x29F.
 */
public final class SnpVerifier {

    private static final Provider BC = new BouncyCastleProvider();
    private static final HexFormat HEX = HexFormat.of();
    private static final int P384_BYTES = 48;
    private static final int SIGNATURE_COMPONENT = 72;

    private final AmdRoots roots;

    public SnpVerifier(AmdRoots roots) {
        this.roots = Objects.requireNonNull(roots, "roots");
    }

    /** A verifier pinned to the AMD roots bundled with this library. */
    public static SnpVerifier withBundledRoots() {
        return new SnpVerifier(AmdRoots.bundled());
    }

    /** The chain that passed {@link #checkChain}: the product and the kind of key that signs. */
    private record ValidatedChain(SnpProduct product, SigningKey kind) {
    }

    public VerifiedSnpReport verify(SnpReport report, SnpCertificates certificates, SnpExpectations expected)
            throws VerificationException {
        Objects.requireNonNull(report, "report");
        Objects.requireNonNull(certificates, "certificates");
        Objects.requireNonNull(expected, "expected");
        checkVersion(report);
        ValidatedChain chain = checkChain(report, certificates, expected.verificationTime());
        checkSignature(report, certificates.vek(), chain);
        checkTcb(report, certificates, chain);
        checkVmpl(report, expected);
        List<String> unchecked = new ArrayList<>();
        checkReportData(report, expected, unchecked);
        checkHostData(report, expected, unchecked);
        return new VerifiedSnpReport(report, chain.product(), chain.kind(), certificates.vekExtensions(),
                expected.verificationTime(), unchecked);
    }

    /** Step 1: a report this verifier can check at all (the parser already limited VERSION to 2-5). */
    private static void checkVersion(SnpReport report) throws VerificationException {
        if (report.signatureAlgorithm() != SnpReport.ECDSA_P384_SHA384) {
            throw new VerificationException(Reason.UNSUPPORTED_ALGORITHM, "report version " + report.version()
                    + " has SIGNATURE_ALGO " + report.signatureAlgorithm() + ", only 1 (ECDSA P-384 SHA-384) is defined");
        }
        if (report.signingKey() == SigningKey.NONE) {
            throw new VerificationException(Reason.SIGNATURE_INVALID,
                    "report says SIGNING_KEY=none (unsigned report, e.g. MASK_CHIP_KEY set)");
        }
    }

    /** Step 2: VEK -> ASK/ASVK -> ARK, the ARK pinned per product, every certificate valid at {@code at}. */
    private ValidatedChain checkChain(SnpReport report, SnpCertificates certificates, Instant at)
            throws VerificationException {
        AmdCertificate vek = certificates.vek();
        SigningKey kind = switch (vek.subjectCommonName()) {
            case "SEV-VCEK" -> SigningKey.VCEK;
            case "SEV-VLEK" -> SigningKey.VLEK;
            default -> throw new VerificationException(Reason.CERTIFICATE_CHAIN_INVALID, "VEK subject CN '"
                    + vek.subjectCommonName() + "' is neither SEV-VCEK nor SEV-VLEK");
        };
        String issuer = vek.issuerCommonName();
        Optional<SnpProduct> fromIssuer = SnpProduct.fromCommonNameSuffix(issuer);
        String expectedPrefix = kind == SigningKey.VCEK ? "SEV-" : "SEV-VLEK-";
        if (fromIssuer.isEmpty() || !issuer.equals(expectedPrefix + fromIssuer.get().amdName())) {
            throw new VerificationException(Reason.ROOT_NOT_TRUSTED, kind + " issuer '" + issuer
                    + "' is not an AMD " + (kind == SigningKey.VCEK ? "ASK" : "ASVK") + " of a known product");
        }
        SnpProduct product = fromIssuer.get();
        Optional<String> productName = certificates.vekExtensions().productName();
        if (productName.isPresent() && !productName.get().startsWith(product.amdName())) {
            throw new VerificationException(Reason.CERTIFICATE_CHAIN_INVALID, kind + " productName '"
                    + productName.get() + "' contradicts its issuer '" + issuer + "'");
        }
        if (report.cpuid().isPresent()) {
            Cpuid cpuid = report.cpuid().get();
            Optional<SnpProduct> fromCpuid = cpuid.product();
            if (fromCpuid.isEmpty() || fromCpuid.get() != product) {
                throw new VerificationException(Reason.KEY_MISMATCH, String.format(
                        "report CPUID family 0x%02x model 0x%02x is %s but the %s is issued by '%s'",
                        cpuid.family(), cpuid.model(), fromCpuid.map(SnpProduct::amdName).orElse("no known SNP product"),
                        kind, issuer));
            }
        }
        AmdRoots.ProductRoots pinned = roots.forProduct(product).orElseThrow(() -> new VerificationException(
                Reason.ROOT_NOT_TRUSTED, "no pinned AMD root for " + product.amdName()));
        AmdCertificate ark = pinned.ark();
        Optional<AmdCertificate> suppliedArk = certificates.ark();
        if (suppliedArk.isPresent() && !suppliedArk.get().sameBytes(ark)) {
            throw new VerificationException(Reason.ROOT_NOT_TRUSTED, "supplied ARK '"
                    + suppliedArk.get().subjectCommonName() + "' (sha256 " + suppliedArk.get().sha256()
                    + ") is not the pinned ARK-" + product.amdName() + " (sha256 " + ark.sha256() + ")");
        }
        AmdCertificate intermediate = kind == SigningKey.VCEK
                ? certificates.ask().orElse(pinned.ask())
                : certificates.asvk().orElse(pinned.asvk());
        checkIssuedBy(intermediate, ark);
        checkIssuedBy(vek, intermediate);
        for (AmdCertificate certificate : List.of(vek, intermediate, ark)) {
            checkValidity(certificate, at);
        }
        return new ValidatedChain(product, kind);
    }

    private static void checkIssuedBy(AmdCertificate subject, AmdCertificate issuer) throws VerificationException {
        X509CertificateHolder holder = subject.holder();
        String link = "'" + subject.subjectCommonName() + "' <- '" + issuer.subjectCommonName() + "'";
        if (!holder.getIssuer().equals(issuer.holder().getSubject())) {
            throw new VerificationException(Reason.CERTIFICATE_CHAIN_INVALID, link + ": issuer name '"
                    + subject.issuerCommonName() + "' does not name '" + issuer.subjectCommonName() + "'");
        }
        AlgorithmIdentifier algorithm = holder.getSignatureAlgorithm();
        if (!isRsaPssSha384(algorithm)) {
            throw new VerificationException(Reason.CERTIFICATE_CHAIN_INVALID, link + ": signature algorithm "
                    + algorithm.getAlgorithm().getId() + " is not RSASSA-PSS with SHA-384");
        }
        boolean valid;
        try {
            valid = holder.isSignatureValid(
                    new JcaContentVerifierProviderBuilder().setProvider(BC)
                            .build(issuer.holder().getSubjectPublicKeyInfo()));
        } catch (CertException | OperatorCreationException | RuntimeException e) {
            // an issuer key BC cannot use, or a signature value that is not even an RSA integer
            throw new VerificationException(Reason.CERTIFICATE_CHAIN_INVALID, link + ": signature check failed: "
                    + e.getMessage(), e);
        }
        if (!valid) {
            throw new VerificationException(Reason.CERTIFICATE_CHAIN_INVALID, link + ": RSA-PSS signature of '"
                    + subject.subjectCommonName() + "' (sha256 " + subject.sha256() + ") does not verify with '"
                    + issuer.subjectCommonName() + "'");
        }
    }

    private static boolean isRsaPssSha384(AlgorithmIdentifier algorithm) {
        if (!PKCSObjectIdentifiers.id_RSASSA_PSS.equals(algorithm.getAlgorithm())) {
            return false;
        }
        ASN1Encodable parameters = algorithm.getParameters();
        if (parameters == null) {
            return false;
        }
        try {
            RSASSAPSSparams pss = RSASSAPSSparams.getInstance(parameters);
            return NISTObjectIdentifiers.id_sha384.equals(pss.getHashAlgorithm().getAlgorithm());
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static void checkValidity(AmdCertificate certificate, Instant at) throws VerificationException {
        if (at.isBefore(certificate.notBefore()) || at.isAfter(certificate.notAfter())) {
            throw new VerificationException(Reason.CERTIFICATE_EXPIRED, "'" + certificate.subjectCommonName()
                    + "' is valid " + certificate.notBefore() + " .. " + certificate.notAfter() + ", not at " + at);
        }
    }

    /** Step 3: ECDSA P-384/SHA-384 over bytes 0x000-0x29F as received, by the key the report names. */
    private static void checkSignature(SnpReport report, AmdCertificate vek, ValidatedChain chain)
            throws VerificationException {
        if (report.signingKey() != chain.kind()) {
            throw new VerificationException(Reason.KEY_MISMATCH, "report SIGNING_KEY is " + report.signingKey()
                    + " but the certificate supplied is a " + chain.kind());
        }
        ECPublicKeyParameters key = p384Key(vek);
        byte[] signature = report.signature();
        BigInteger r = component(signature, 0, "R");
        BigInteger s = component(signature, SIGNATURE_COMPONENT, "S");
        for (int i = 2 * SIGNATURE_COMPONENT; i < signature.length; i++) {
            if (signature[i] != 0) {
                throw new VerificationException(Reason.SIGNATURE_INVALID, String.format(
                        "reserved signature byte at report offset 0x%x is not zero", SnpReport.SIGNED_LENGTH + i));
            }
        }
        byte[] signed = report.signedBytes();
        SHA384Digest sha384 = new SHA384Digest();
        sha384.update(signed, 0, signed.length);
        byte[] digest = new byte[sha384.getDigestSize()];
        sha384.doFinal(digest, 0);
        ECDSASigner verifier = new ECDSASigner();
        verifier.init(false, key);
        if (!verifier.verifySignature(digest, r, s)) {
            throw new VerificationException(Reason.SIGNATURE_INVALID, "report signature does not verify with "
                    + chain.kind() + " (sha256 " + vek.sha256() + "), report sha384 over 0x000-0x29F = "
                    + HEX.formatHex(digest));
        }
    }

    private static ECPublicKeyParameters p384Key(AmdCertificate vek) throws VerificationException {
        SubjectPublicKeyInfo info = vek.holder().getSubjectPublicKeyInfo();
        AlgorithmIdentifier algorithm = info.getAlgorithm();
        ASN1Encodable curve = algorithm.getParameters();
        if (!X9ObjectIdentifiers.id_ecPublicKey.equals(algorithm.getAlgorithm())
                || !(curve instanceof ASN1ObjectIdentifier oid) || !SECObjectIdentifiers.secp384r1.equals(oid)) {
            throw new VerificationException(Reason.UNSUPPORTED_ALGORITHM, "VEK key is "
                    + algorithm.getAlgorithm().getId() + ", expected an EC key on P-384 (secp384r1)");
        }
        try {
            AsymmetricKeyParameter key = PublicKeyFactory.createKey(info);
            if (key instanceof ECPublicKeyParameters ec) {
                return ec;
            }
        } catch (IOException | RuntimeException e) {
            throw new VerificationException(Reason.UNSUPPORTED_ALGORITHM, "VEK P-384 key is not a valid point: "
                    + e.getMessage(), e);
        }
        throw new VerificationException(Reason.UNSUPPORTED_ALGORITHM, "VEK key is not an EC public key");
    }

    /** An ECDSA component: 72 bytes little-endian, of which only the low 48 may be non-zero for P-384. */
    private static BigInteger component(byte[] signature, int offset, String name) throws VerificationException {
        for (int i = offset + P384_BYTES; i < offset + SIGNATURE_COMPONENT; i++) {
            if (signature[i] != 0) {
                throw new VerificationException(Reason.SIGNATURE_INVALID, "signature " + name
                        + " has non-zero bytes beyond the 48 of a P-384 value");
            }
        }
        byte[] bigEndian = new byte[P384_BYTES];
        for (int i = 0; i < P384_BYTES; i++) {
            bigEndian[i] = signature[offset + P384_BYTES - 1 - i];
        }
        return new BigInteger(1, bigEndian);
    }

    /** Step 4: the VEK certifies exactly the REPORTED_TCB (and, for a VCEK, this chip). */
    private static void checkTcb(SnpReport report, SnpCertificates certificates, ValidatedChain chain)
            throws VerificationException {
        VekExtensions certified = certificates.vekExtensions();
        TcbLevels reported = report.reportedTcb().levels(chain.product());
        compareSpl("blSPL", certified.bootloader(), reported.bootloader(), reported);
        compareSpl("teeSPL", certified.tee(), reported.tee(), reported);
        compareSpl("snpSPL", certified.snp(), reported.snp(), reported);
        compareSpl("ucodeSPL", certified.microcode(), reported.microcode(), reported);
        if (reported.fmc().isPresent()) {
            if (certified.fmc().isEmpty()) {
                throw new VerificationException(Reason.TCB_MISMATCH, chain.kind() + " of " + chain.product().amdName()
                        + " lacks fmcSPL (1.3.6.1.4.1.3704.1.3.9); REPORTED_TCB " + reported);
            }
            compareSpl("fmcSPL", certified.fmc().getAsInt(), reported.fmc().getAsInt(), reported);
        }
        if (chain.kind() == SigningKey.VCEK) {
            byte[] hwId = certified.hwId().orElseThrow(() -> new VerificationException(Reason.TCB_MISMATCH,
                    "VCEK lacks hwID (1.3.6.1.4.1.3704.1.4)"));
            // Turin VCEKs certify the first 8 bytes of CHIP_ID only
            int length = chain.product() == SnpProduct.TURIN ? 8 : 64;
            byte[] chipId = Arrays.copyOf(report.chipId(), length);
            if (hwId.length != length || !MessageDigest.isEqual(hwId, chipId)) {
                throw new VerificationException(Reason.TCB_MISMATCH, "VCEK hwID " + HEX.formatHex(hwId)
                        + " is not the report CHIP_ID " + HEX.formatHex(chipId)
                        + (report.maskChipKey() ? " (MASK_CHIP_KEY is set)" : ""));
            }
        }
    }

    private static void compareSpl(String name, int certified, int reported, TcbLevels levels)
            throws VerificationException {
        if (certified != reported) {
            throw new VerificationException(Reason.TCB_MISMATCH, "VEK " + name + " is " + certified
                    + " but REPORTED_TCB has " + reported + " (" + levels + ")");
        }
    }

    /** Step 5: the VMPL the report was requested at, when one is expected. */
    private static void checkVmpl(SnpReport report, SnpExpectations expected) throws VerificationException {
        if (expected.vmpl().isPresent() && report.vmpl() != expected.vmpl().getAsInt()) {
            throw new VerificationException(Reason.VMPL_MISMATCH, "report VMPL is " + report.vmpl()
                    + ", expected " + expected.vmpl().getAsInt());
        }
    }

    /** Step 6a: REPORT_DATA equals the expected 64 bytes exactly, or the waiver is recorded. */
    private static void checkReportData(SnpReport report, SnpExpectations expected, List<String> unchecked)
            throws VerificationException {
        Optional<byte[]> want = expected.reportData();
        if (want.isEmpty()) {
            unchecked.add("report_data: " + expected.noReportDataReason().orElseThrow());
            return;
        }
        byte[] actual = report.reportData();
        if (!MessageDigest.isEqual(actual, want.get())) {
            throw new VerificationException(Reason.REPORT_DATA_MISMATCH, "REPORT_DATA is " + HEX.formatHex(actual)
                    + ", expected " + HEX.formatHex(want.get()));
        }
    }

    /** Step 6b: HOST_DATA (Trustee's init-data binding) when one is expected. */
    private static void checkHostData(SnpReport report, SnpExpectations expected, List<String> unchecked)
            throws VerificationException {
        Optional<byte[]> want = expected.hostData();
        if (want.isEmpty()) {
            unchecked.add("host_data: no expected value given");
            return;
        }
        byte[] actual = report.hostData();
        if (!MessageDigest.isEqual(actual, want.get())) {
            throw new VerificationException(Reason.INIT_DATA_MISMATCH, "HOST_DATA is " + HEX.formatHex(actual)
                    + ", expected " + HEX.formatHex(want.get()));
        }
    }
}
