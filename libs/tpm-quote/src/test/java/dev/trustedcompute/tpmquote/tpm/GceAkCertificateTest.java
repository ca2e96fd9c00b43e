package dev.trustedcompute.tpmquote.tpm;

import static dev.trustedcompute.tpmquote.tpm.Fixtures.GCE;
import static dev.trustedcompute.tpmquote.tpm.Fixtures.bytes;
import static dev.trustedcompute.tpmquote.tpm.Fixtures.flip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustedcompute.tpmquote.EvidenceException;
import dev.trustedcompute.tpmquote.Reason;
import dev.trustedcompute.tpmquote.VerificationException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The GCE COS-85 AK certificate chains to Google's vTPM EK root (go-tpm-tools server/ca-certs). */
class GceAkCertificateTest {

    private static final Instant PINNED = Instant.parse("2024-01-01T00:00:00Z");
    private static final String CA = GCE + "gce-ca-certs/";

    private static X509Certificate cert(String path) throws Exception {
        return TpmCertificateValidator.parseCertificate(bytes(path));
    }

    private static TpmCertificateValidator gceValidator() throws Exception {
        return TpmCertificateValidator.of(List.of(cert(CA + "tpm_ek_root_1.cer")),
                List.of(cert(CA + "tpm_ek_intermediate_2.crt"), cert(CA + "tpm_ek_intermediate_3.crt"),
                        cert(CA + "gcp_ek_ak_ca_intermediate_v3.crt")));
    }

    @Test
    void validateWhenGceAkCertAtPinnedTimeThenChainToRootAndKeyEqualsAkPub() throws Exception {
        JsonNode ak = Fixtures.json(GCE + "gce-cos-85-nonce9009/EXPECTED.json").get("ak");
        X509Certificate akCert = cert(GCE + "gce-cos-85-nonce9009/ak_cert.der");

        ValidatedCertificate validated = gceValidator().validate(akCert, PINNED);

        assertThat(validated.path()).hasSize(3);
        assertThat(validated.path().get(1)).isEqualTo(cert(CA + "tpm_ek_intermediate_2.crt"));
        assertThat(validated.path().get(2)).isEqualTo(cert(CA + "tpm_ek_root_1.cer"));
        assertThat(ak.get("ak_cert_validity").asString()).isEqualTo(
                "2021-08-31 23:11:05+00:00 .. 2051-08-24 23:16:05+00:00");
        assertThat(akCert.getNotBefore().toInstant()).isEqualTo(Instant.parse("2021-08-31T23:11:05Z"));
        assertThat(akCert.getNotAfter().toInstant()).isEqualTo(Instant.parse("2051-08-24T23:16:05Z"));
        assertThat(ak.get("ak_cert_pubkey_equals_ak_pub").asBoolean()).isTrue();
        assertThat(validated.publicKey()).isEqualTo(
                AkPublic.parse(bytes(GCE + "gce-cos-85-nonce9009/ak_pub.tpmt_public.bin")).publicKey());
        assertThat(akCert.getCriticalExtensionOIDs()).contains("2.5.29.17");
    }

    @Test
    void validateWhenSignatureByteFlippedThenChainInvalid() throws Exception {
        byte[] der = bytes(GCE + "gce-cos-85-nonce9009/ak_cert.der");
        X509Certificate tampered = TpmCertificateValidator.parseCertificate(flip(der, der.length - 10));

        assertThatThrownBy(() -> gceValidator().validate(tampered, PINNED))
                .isInstanceOfSatisfying(VerificationException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.CERTIFICATE_CHAIN_INVALID);
                    assertThat(e.getMessage()).contains("certificate 0");
                });
    }

    @Test
    void validateWhenSerialByteFlippedThenChainInvalid() throws Exception {
        byte[] der = bytes(GCE + "gce-cos-85-nonce9009/ak_cert.der");
        // serial number starts at offset 15 (SEQ SEQ [0] INTEGER version, INTEGER serial)
        X509Certificate tampered = TpmCertificateValidator.parseCertificate(flip(der, 16));

        assertThatThrownBy(() -> gceValidator().validate(tampered, PINNED))
                .isInstanceOfSatisfying(VerificationException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.CERTIFICATE_CHAIN_INVALID));
    }

    @Test
    void validateWhenAfterNotAfterThenExpired() throws Exception {
        X509Certificate akCert = cert(GCE + "gce-cos-85-nonce9009/ak_cert.der");

        assertThatThrownBy(() -> gceValidator().validate(akCert, Instant.parse("2052-01-01T00:00:00Z")))
                .isInstanceOfSatisfying(VerificationException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.CERTIFICATE_EXPIRED));
    }

    @Test
    void validateWhenOnlyOtherRootConfiguredThenRootNotTrusted() throws Exception {
        TpmCertificateValidator other = TpmCertificateValidator.of(List.of(cert(CA + "gcp_ek_ak_ca_root.crt")),
                List.of(cert(CA + "gcp_ek_ak_ca_intermediate_v3.crt")));

        assertThatThrownBy(() -> other.validate(cert(GCE + "gce-cos-85-nonce9009/ak_cert.der"), PINNED))
                .isInstanceOfSatisfying(VerificationException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.ROOT_NOT_TRUSTED));
    }

    @Test
    void parseCertificateWhenBytesAfterDerThenEvidenceFormatException() {
        byte[] der = bytes(GCE + "gce-cos-85-nonce9009/ak_cert.der");

        assertThatThrownBy(() -> TpmCertificateValidator.parseCertificate(java.util.Arrays.copyOf(der, der.length + 3)))
                .isInstanceOf(dev.trustedcompute.tpmquote.EvidenceFormatException.class)
                .hasMessageContaining("3 bytes after the DER certificate");
    }
}
