package dev.trustedcompute.tpmquote.tpm;

import static dev.trustedcompute.tpmquote.tpm.Fixtures.flip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustedcompute.testsupport.swtpm.Swtpm;
import dev.trustedcompute.testsupport.swtpm.SwtpmTest;
import dev.trustedcompute.tpmquote.Reason;
import dev.trustedcompute.tpmquote.VerificationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * EK certificates written into NV by swtpm_setup (issued by swtpm's local CA) validate against that CA's root
 * and intermediate, and certify the key tpm2_createek derives.
 */
@SwtpmTest(ekCertificates = true)
class SwtpmEkCertificateTest {

    private static final Path LOCALCA = Path.of("/var/lib/swtpm-localca");

    private static TpmCertificateValidator localCa() throws Exception {
        Path root = LOCALCA.resolve("swtpm-localca-rootca-cert.pem");
        Path intermediate = LOCALCA.resolve("issuercert.pem");
        assertThat(root).as("swtpm_setup's local CA (package swtpm-tools) must have created " + root).exists();
        return TpmCertificateValidator.of(List.of(TpmCertificateValidator.parseCertificate(Files.readAllBytes(root))),
                List.of(TpmCertificateValidator.parseCertificate(Files.readAllBytes(intermediate))));
    }

    /** TCG EK NV indices: 0x01c00002 RSA 2048 EK certificate, 0x01c00016 ECC P-384 EK certificate (what swtpm_setup 0.7 creates). */
    private static byte[] ekCertificate(Swtpm tpm, String nvIndex) {
        tpm.tpm2("tpm2_nvread", nvIndex, "-C", "o", "-o", "ekcert.der");
        return tpm.read("ekcert.der");
    }

    @ParameterizedTest
    @CsvSource({"0x01c00002, rsa", "0x01c00016, ecc384"})
    void validateWhenSwtpmEkCertThenChainsToLocalCaAndCertifiesEk(String nvIndex, String alg, Swtpm tpm)
            throws Exception {
        X509Certificate cert = TpmCertificateValidator.parseCertificate(ekCertificate(tpm, nvIndex));
        tpm.tpm2("tpm2_createek", "-c", "ek.ctx", "-G", alg, "-u", "ek.pub");
        tpm.flush();

        ValidatedCertificate validated = localCa().validate(cert, Instant.now());

        assertThat(validated.path()).hasSize(3);
        assertThat(cert.getCriticalExtensionOIDs()).contains("2.5.29.17");
        assertThat(cert.getExtendedKeyUsage()).contains("2.23.133.8.1");
        assertThat(validated.publicKey()).isEqualTo(TpmtPublic.parseTpm2b(tpm.read("ek.pub")).publicKey());
    }

    @ParameterizedTest
    @CsvSource({"0x01c00002, rsa", "0x01c00016, ecc384"})
    void validateWhenSwtpmEkCertSignatureFlippedThenChainInvalid(String nvIndex, String alg, Swtpm tpm)
            throws Exception {
        byte[] der = ekCertificate(tpm, nvIndex);
        X509Certificate tampered = TpmCertificateValidator.parseCertificate(flip(der, der.length - 3));

        assertThatThrownBy(() -> localCa().validate(tampered, Instant.now()))
                .isInstanceOfSatisfying(VerificationException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.CERTIFICATE_CHAIN_INVALID));
    }
}
