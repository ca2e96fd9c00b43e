package dev.trustedcompute.tpmquote.tdx;

import dev.trustedcompute.tpmquote.EvidenceFormatException;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;

/** The bundled, pinned Intel SGX Root CA (see README.md next to {@code intel-sgx-root-ca.pem}). */
public final class IntelSgxRoot {

    /** SHA-256 of the DER of the Intel SGX Root CA certificate. */
    public static final String SHA256 = "44a0196b2b99f889b8e149e95b807a350e7424964399e885a7cbb8ccfab674d3";

    private static final X509Certificate ROOT = load();

    private IntelSgxRoot() {
    }

    public static X509Certificate certificate() {
        return ROOT;
    }

    static String sha256(X509Certificate cert) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException("cannot hash certificate", e);
        }
    }

    private static X509Certificate load() {
        try (InputStream in = IntelSgxRoot.class.getResourceAsStream("intel-sgx-root-ca.pem")) {
            if (in == null) {
                throw new IllegalStateException("bundled intel-sgx-root-ca.pem is missing from the classpath");
            }
            X509Certificate root = Pem.certificates(in.readAllBytes(), "intel-sgx-root-ca.pem").getFirst();
            String actual = sha256(root);
            if (!SHA256.equals(actual)) {
                throw new IllegalStateException("bundled Intel SGX Root CA does not match the pinned SHA-256 "
                        + SHA256 + " (found " + actual + ")");
            }
            return root;
        } catch (IOException | EvidenceFormatException e) {
            throw new IllegalStateException("cannot load the bundled Intel SGX Root CA", e);
        }
    }
}
