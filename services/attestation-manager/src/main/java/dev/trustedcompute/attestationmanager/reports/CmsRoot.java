package dev.trustedcompute.attestationmanager.reports;

import dev.trustedcompute.servicekit.identity.CmsClient;
import dev.trustedcompute.servicekit.identity.Pem;
import dev.trustedcompute.servicekit.identity.ServiceIdentity;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;

/** The CMS root CA every report-signing chain must end in: from a file, or fetched from CMS against a pin. */
public final class CmsRoot {

    private CmsRoot() {
    }

    /** The single certificate in a PEM file. */
    public static X509Certificate fromFile(Path file) throws IOException {
        List<X509Certificate> certificates = Pem.certificates(Files.readString(file));
        if (certificates.size() != 1) {
            throw new IOException(file + " must hold exactly one certificate (the CMS root), it holds " + certificates.size());
        }
        return certificates.getFirst();
    }

    /**
     * {@code GET /cms/v1/ca-certificates} and keep the certificate whose DER has SHA-384 {@code pin}; a CMS that
     * serves anything else is refused, so the transport needs no other trust.
     */
    public static X509Certificate fromCms(CmsClient cms, String pin) throws IOException {
        String expected = normalizePin(pin);
        List<X509Certificate> served = cms.caCertificates("root");
        for (X509Certificate certificate : served) {
            if (ServiceIdentity.sha384Hex(certificate).equals(expected)) {
                return certificate;
            }
        }
        throw new IOException("CMS served no certificate with the pinned SHA-384 " + expected + " (it served "
                + served.stream().map(ServiceIdentity::sha384Hex).toList() + ")");
    }

    private static String normalizePin(String pin) {
        String hex = pin == null ? "" : pin.replace(":", "").strip().toLowerCase(Locale.ROOT);
        if (!hex.matches("[0-9a-f]{96}")) {
            throw new IllegalArgumentException("tc.am.cms-root-sha384 must be 48 bytes of hex (SHA-384 of the root's DER)");
        }
        return hex;
    }
}
