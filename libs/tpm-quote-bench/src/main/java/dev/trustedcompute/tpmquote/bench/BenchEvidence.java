package dev.trustedcompute.tpmquote.bench;

import dev.trustedcompute.tpmquote.EvidenceFormatException;
import dev.trustedcompute.tpmquote.Json;
import dev.trustedcompute.tpmquote.JsonFields;
import dev.trustedcompute.tpmquote.tpm.PcrBank;
import dev.trustedcompute.tpmquote.tpm.TpmHash;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERSequence;

/**
 * The captured evidence the benchmarks run on: the test set of libs/tpm-quote (see its PROVENANCE.md), read from
 * {@code -Dtpmquote.evidence=DIR} or, by default, {@code libs/tpm-quote/src/test/resources/evidence} under the
 * working directory (scripts/bench-tpm-quote runs from the repository root).
 */
final class BenchEvidence {

    private BenchEvidence() {
    }

    static byte[] read(String relative) {
        Path root = Path.of(System.getProperty("tpmquote.evidence", "libs/tpm-quote/src/test/resources/evidence"));
        try {
            return Files.readAllBytes(root.resolve(relative));
        } catch (IOException e) {
            throw new UncheckedIOException("run from the repository root or set -Dtpmquote.evidence", e);
        }
    }

    /** The SHA-256 PCRs of a go-tpm-tools capture's EXPECTED.json ({@code quotes.sha256.pcrs}). */
    static PcrBank gcePcrs(String dir) throws EvidenceFormatException {
        JsonFields pcrs = new JsonFields(Json.parse(read(dir + "EXPECTED.json"), "EXPECTED.json"), "EXPECTED")
                .object("quotes").object("sha256").object("pcrs");
        Map<Integer, byte[]> values = new TreeMap<>();
        for (String key : pcrs.obj().members().keySet()) {
            values.put(Integer.parseInt(key), HexFormat.of().parseHex(pcrs.string(key)));
        }
        return new PcrBank(TpmHash.SHA256, new TreeMap<>(values));
    }

    static X509Certificate certificate(byte[] derOrPem) throws GeneralSecurityException {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(derOrPem));
    }

    /** r || s (big-endian, as TDX writes them, or little-endian as SNP does) as a DER ECDSA signature. */
    static byte[] derSignature(byte[] r, byte[] s) {
        try {
            ASN1EncodableVector v = new ASN1EncodableVector();
            v.add(new ASN1Integer(new BigInteger(1, r)));
            v.add(new ASN1Integer(new BigInteger(1, s)));
            return new DERSequence(v).getEncoded();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] reversed(byte[] in) {
        byte[] out = new byte[in.length];
        for (int i = 0; i < in.length; i++) {
            out[i] = in[in.length - 1 - i];
        }
        return out;
    }

    /** A P-256 public key from the raw X || Y a TDX quote carries. */
    static PublicKey p256(byte[] xy) throws GeneralSecurityException {
        AlgorithmParameters params = AlgorithmParameters.getInstance("EC");
        params.init(new ECGenParameterSpec("secp256r1"));
        ECParameterSpec spec = params.getParameterSpec(ECParameterSpec.class);
        ECPoint w = new ECPoint(new BigInteger(1, Arrays.copyOf(xy, 32)), new BigInteger(1, Arrays.copyOfRange(xy, 32, 64)));
        return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(w, spec));
    }
}
