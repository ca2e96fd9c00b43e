package dev.trustedcompute.tpmquote.snp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustedcompute.tpmquote.Reason;
import dev.trustedcompute.tpmquote.VerificationException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Verification of the captured reports against their VCEKs and the bundled AMD roots. */
class SnpVerifierTest {

    private static final HexFormat HEX = HexFormat.of();
    private final SnpVerifier verifier = SnpVerifier.withBundledRoots();

    @ParameterizedTest
    @EnumSource(SnpFixture.class)
    void verifyWhenCapturedReportAndVcekThenClaimsMatchExpectedJson(SnpFixture fixture) throws Exception {
        SnpFixture.Expected want = fixture.expected();

        VerifiedSnpReport verified = verifier.verify(fixture.parsed(), SnpCertificates.of(fixture.vcek()),
                fixture.expectations().vmpl(0).build());

        assertThat(verified.product()).isEqualTo(SnpProduct.MILAN);
        assertThat(verified.signer()).isEqualTo(SigningKey.VCEK);
        assertThat(verified.vekExtensions().productName()).contains("Milan-B0");
        assertThat(verified.reportedTcb()).extracting(TcbLevels::bootloader, TcbLevels::tee, TcbLevels::snp,
                TcbLevels::microcode).containsExactly(want.bootloader(), want.tee(), want.snp(), want.microcode());
        assertThat(verified.uncheckedItems()).containsExactly("host_data: no expected value given");
        Map<String, Object> claims = verified.claims();
        assertThat(claims).containsEntry("product", "milan")
                .containsEntry("signing_key", "vcek")
                .containsEntry("version", (long) want.version())
                .containsEntry("guest_svn", want.guestSvn())
                .containsEntry("policy", want.policy())
                .containsEntry("vmpl", 0L)
                .containsEntry("platform_info", want.platformInfo())
                .containsEntry("report_data", want.reportData())
                .containsEntry("measurement", want.measurement())
                .containsEntry("chip_id", want.chipId())
                .containsEntry("reported_tcb.bootloader", (long) want.bootloader())
                .containsEntry("reported_tcb.tee", (long) want.tee())
                .containsEntry("reported_tcb.snp", (long) want.snp())
                .containsEntry("reported_tcb.microcode", (long) want.microcode())
                .containsEntry("reported_tcb.raw", String.format("0x%016x", want.reportedTcb()))
                .containsEntry("current_tcb.raw", String.format("0x%016x", want.currentTcb()))
                .containsEntry("host_data", "00".repeat(32))
                .doesNotContainKey("reported_tcb.fmc");
        assertThat(claims.values()).allSatisfy(v -> assertThat(v).isInstanceOfAny(String.class, Long.class,
                Boolean.class));
        assertThat(claims.values()).filteredOn(String.class::isInstance)
                .allSatisfy(v -> assertThat((String) v).isEqualTo(((String) v).toLowerCase()));
    }

    @Test
    void verifyWhenTrusteeReportThenPolicyClaimsDecoded() throws Exception {
        VerifiedSnpReport verified = verifyFixture(SnpFixture.TRUSTEE);

        assertThat(verified.claims()).containsEntry("policy_abi_major", 0L)
                .containsEntry("policy_abi_minor", 31L)
                .containsEntry("policy_smt_allowed", true)
                .containsEntry("policy_debug_allowed", false)
                .containsEntry("policy_migrate_ma", false)
                .containsEntry("platform_smt_enabled", true)
                .containsEntry("id_key_digest", SnpFixture.TRUSTEE.expected().idKeyDigest())
                .containsEntry("current_tcb.microcode", 206L)
                .containsEntry("current_major", 1L)
                .containsEntry("current_minor", 52L)
                .containsEntry("current_build", 4L);
    }

    @Test
    void verifyWhenVersion3ThenCpuidClaims() throws Exception {
        VerifiedSnpReport verified = verifyFixture(SnpFixture.AZURE_V3);

        assertThat(verified.claims()).containsEntry("cpuid_fam_id", 0x19L)
                .containsEntry("cpuid_mod_id", 0x01L)
                .containsEntry("cpuid_step", 0x01L)
                .containsEntry("platform_alias_check_complete", true);
    }

    @ParameterizedTest
    @EnumSource(value = SnpFixture.class, names = {"GO_SEV_GUEST", "VIRTEE_SEV"})
    void verifyWhenCapturedAskArkChainSuppliedThenVerifies(SnpFixture fixture) throws Exception {
        SnpCertificates certificates = SnpCertificates.of(fixture.vcek(), fixture.chain());

        VerifiedSnpReport verified = verifier.verify(fixture.parsed(), certificates, fixture.expectations().build());

        assertThat(certificates.ark()).isPresent();
        assertThat(certificates.ask()).isPresent();
        assertThat(verified.product()).isEqualTo(SnpProduct.MILAN);
    }

    @Test
    void verifyWhenAzureBundleVcekAskArkThenVerifies() throws Exception {
        // Trustee's az-snp-vtpm vcek.pem: VCEK + ASK + ARK in one PEM, for hcl-report.bin (SNP report at 0x20)
        byte[] hcl = SnpFixture.resource("D_azure_vtpm/trustee/az-snp-vtpm/hcl-report.bin");
        SnpReport report = SnpReport.parse(java.util.Arrays.copyOfRange(hcl, 0x20, 0x20 + SnpReport.SIZE));
        SnpCertificates certificates = SnpCertificates.of(null,
                SnpFixture.resource("D_azure_vtpm/trustee/az-snp-vtpm/vcek.pem"));

        VerifiedSnpReport verified = verifier.verify(report, certificates, SnpExpectations.at(SnpFixture.PINNED)
                .reportData(HEX.parseHex("b3fbad6514c83caeb0380882145e49f794229ef37c421b91fc47ff93556bafac"
                        + "00".repeat(32))).build());

        assertThat(HEX.formatHex(verified.measurement())).isEqualTo(
                "9ac48fcac8a2d88aeeff8d427ad4f2be0e3917c748a18bdf52cc317e7fe20308b459d5ef1a12e0c22944eb386d17c315");
    }

    @Test
    void verifyWhenSignatureByteFlippedThenSignatureInvalid() throws Exception {
        byte[] bytes = SnpFixture.VIRTEE_SEV.report();
        bytes[0x2A0] ^= 0x01;

        assertReason(() -> verifier.verify(SnpReport.parse(bytes), SnpCertificates.of(SnpFixture.VIRTEE_SEV.vcek()),
                SnpFixture.VIRTEE_SEV.expectations().build()), Reason.SIGNATURE_INVALID);
    }

    @Test
    void verifyWhenSignatureHighBytesNotZeroThenSignatureInvalid() throws Exception {
        byte[] bytes = SnpFixture.VIRTEE_SEV.report();
        bytes[0x2A0 + 60] = 1;

        assertReason(() -> verifier.verify(SnpReport.parse(bytes), SnpCertificates.of(SnpFixture.VIRTEE_SEV.vcek()),
                SnpFixture.VIRTEE_SEV.expectations().build()), Reason.SIGNATURE_INVALID);
    }

    @ParameterizedTest
    @EnumSource(SnpFixture.class)
    void verifyWhenMeasurementByteFlippedThenSignatureInvalid(SnpFixture fixture) throws Exception {
        byte[] bytes = fixture.report();
        bytes[0x90] ^= 0x01;

        assertReason(() -> verifier.verify(SnpReport.parse(bytes), SnpCertificates.of(fixture.vcek()),
                fixture.expectations().build()), Reason.SIGNATURE_INVALID);
    }

    @Test
    void verifyWhenVcekSignatureByteFlippedThenChainInvalid() throws Exception {
        byte[] vcek = SnpFixture.TRUSTEE.vcek();
        vcek[vcek.length - 10] ^= 0x01; // inside the ASK's RSA-PSS signature value

        assertReason(() -> verifier.verify(SnpFixture.TRUSTEE.parsed(), SnpCertificates.of(vcek),
                SnpFixture.TRUSTEE.expectations().build()), Reason.CERTIFICATE_CHAIN_INVALID);
    }

    @Test
    void verifyWhenVcekTbsByteFlippedThenChainInvalid() throws Exception {
        byte[] vcek = SnpFixture.TRUSTEE.vcek();
        int at = indexOf(vcek, HEX.parseHex(SnpFixture.TRUSTEE.expected().chipId()));
        vcek[at] ^= 0x01; // hwID extension: the certificate still parses, the ASK signature no longer holds

        assertReason(() -> verifier.verify(SnpFixture.TRUSTEE.parsed(), SnpCertificates.of(vcek),
                SnpFixture.TRUSTEE.expectations().build()), Reason.CERTIFICATE_CHAIN_INVALID);
    }

    @Test
    void verifyWhenOtherChipsVcekThenSignatureInvalid() throws Exception {
        assertReason(() -> verifier.verify(SnpFixture.TRUSTEE.parsed(), SnpCertificates.of(SnpFixture.VIRTEE_SEV.vcek()),
                SnpFixture.TRUSTEE.expectations().build()), Reason.SIGNATURE_INVALID);
    }

    @Test
    void verifyWhenGenoaArkSuppliedForMilanVcekThenRootNotTrusted() throws Exception {
        byte[] genoa = SnpFixture.resource("E_roots/amd/go-sev-guest/ask_ark_genoa.pem");
        byte[] milanAskOnly = SnpFixture.resource("E_roots/amd/virtee-sev/milan_ask.pem");
        byte[] genoaArk = SnpFixture.resource("E_roots/amd/virtee-sev/genoa_ark.pem");
        byte[] chain = concat(milanAskOnly, genoaArk);

        assertThat(genoa).isNotEmpty();
        assertReason(() -> verifier.verify(SnpFixture.VIRTEE_SEV.parsed(),
                        SnpCertificates.of(SnpFixture.VIRTEE_SEV.vcek(), chain), SnpFixture.VIRTEE_SEV.expectations().build()),
                Reason.ROOT_NOT_TRUSTED);
    }

    @Test
    void verifyWhenGenoaAskSuppliedForMilanVcekThenChainInvalid() throws Exception {
        byte[] chain = SnpFixture.resource("E_roots/amd/virtee-sev/genoa_ask.pem");

        assertReason(() -> verifier.verify(SnpFixture.VIRTEE_SEV.parsed(),
                        SnpCertificates.of(SnpFixture.VIRTEE_SEV.vcek(), chain), SnpFixture.VIRTEE_SEV.expectations().build()),
                Reason.CERTIFICATE_CHAIN_INVALID);
    }

    @Test
    void verifyWhenWrongReportDataThenReportDataMismatch() throws Exception {
        byte[] other = new byte[64];
        other[0] = 1;

        assertReason(() -> verifier.verify(SnpFixture.GO_SEV_GUEST.parsed(), SnpCertificates.of(SnpFixture.GO_SEV_GUEST.vcek()),
                SnpExpectations.at(SnpFixture.PINNED).reportData(other).build()), Reason.REPORT_DATA_MISMATCH);
    }

    @Test
    void verifyWhenReportDataWaivedThenUncheckedItemNamesReason() throws Exception {
        VerifiedSnpReport verified = verifier.verify(SnpFixture.GO_SEV_GUEST.parsed(),
                SnpCertificates.of(SnpFixture.GO_SEV_GUEST.vcek()),
                SnpExpectations.at(SnpFixture.PINNED).noReportData("offline inspection").build());

        assertThat(verified.uncheckedItems()).contains("report_data: offline inspection");
    }

    @Test
    void verifyWhenTrusteeDigestPlacementThenReportDataMatches() throws Exception {
        // go-sev-guest's REPORT_DATA is 0102030405 followed by zeros: the zero-padding Trustee uses
        byte[] expected = SnpReportData.trustee(HEX.parseHex("0102030405"));

        VerifiedSnpReport verified = verifier.verify(SnpFixture.GO_SEV_GUEST.parsed(),
                SnpCertificates.of(SnpFixture.GO_SEV_GUEST.vcek()),
                SnpExpectations.at(SnpFixture.PINNED).reportData(expected).build());

        assertThat(verified.reportData()).isEqualTo(expected);
    }

    @Test
    void verifyWhenOtherVmplExpectedThenVmplMismatch() throws Exception {
        assertReason(() -> verifier.verify(SnpFixture.TRUSTEE.parsed(), SnpCertificates.of(SnpFixture.TRUSTEE.vcek()),
                SnpFixture.TRUSTEE.expectations().vmpl(1).build()), Reason.VMPL_MISMATCH);
    }

    @Test
    void verifyWhenOtherHostDataExpectedThenInitDataMismatch() throws Exception {
        assertReason(() -> verifier.verify(SnpFixture.TRUSTEE.parsed(), SnpCertificates.of(SnpFixture.TRUSTEE.vcek()),
                SnpFixture.TRUSTEE.expectations().hostData(new byte[] {1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}).build()), Reason.INIT_DATA_MISMATCH);
    }

    @Test
    void verifyWhenAfterVcekExpiryThenCertificateExpired() throws Exception {
        Instant after = SnpFixture.TRUSTEE.expected().vcekNotAfter().plusSeconds(1);

        assertReason(() -> verifier.verify(SnpFixture.TRUSTEE.parsed(), SnpCertificates.of(SnpFixture.TRUSTEE.vcek()),
                SnpExpectations.at(after).noReportData("test").build()), Reason.CERTIFICATE_EXPIRED);
    }

    @Test
    void verifyWhenBeforeVcekIssuedThenCertificateExpired() throws Exception {
        Instant before = SnpFixture.GO_SEV_GUEST.expected().vcekNotBefore().minusSeconds(1);

        assertReason(() -> verifier.verify(SnpFixture.GO_SEV_GUEST.parsed(), SnpCertificates.of(SnpFixture.GO_SEV_GUEST.vcek()),
                SnpExpectations.at(before).noReportData("test").build()), Reason.CERTIFICATE_EXPIRED);
    }

    @Test
    void verifyWhenReportClaimsVlekButVcekGivenThenKeyMismatch() throws Exception {
        byte[] bytes = SnpFixture.TRUSTEE.report();
        bytes[0x48] = 1 << 2;

        assertReason(() -> verifier.verify(SnpReport.parse(bytes), SnpCertificates.of(SnpFixture.TRUSTEE.vcek()),
                SnpFixture.TRUSTEE.expectations().build()), Reason.KEY_MISMATCH);
    }

    @Test
    void verifyWhenUnsignedReportThenSignatureInvalid() throws Exception {
        byte[] bytes = SnpFixture.TRUSTEE.report();
        bytes[0x48] = 7 << 2;

        assertReason(() -> verifier.verify(SnpReport.parse(bytes), SnpCertificates.of(SnpFixture.TRUSTEE.vcek()),
                SnpFixture.TRUSTEE.expectations().build()), Reason.SIGNATURE_INVALID);
    }

    @Test
    void verifyWhenUnknownSignatureAlgorithmThenUnsupportedAlgorithm() throws Exception {
        byte[] bytes = SnpFixture.TRUSTEE.report();
        bytes[0x34] = 2;

        assertReason(() -> verifier.verify(SnpReport.parse(bytes), SnpCertificates.of(SnpFixture.TRUSTEE.vcek()),
                SnpFixture.TRUSTEE.expectations().build()), Reason.UNSUPPORTED_ALGORITHM);
    }

    @Test
    void verifyWhenVersion3CpuidSaysGenoaButVcekIsMilanThenKeyMismatch() throws Exception {
        byte[] bytes = SnpFixture.AZURE_V3.report();
        bytes[0x189] = 0x11; // Genoa model

        assertReason(() -> verifier.verify(SnpReport.parse(bytes), SnpCertificates.of(SnpFixture.AZURE_V3.vcek()),
                SnpFixture.AZURE_V3.expectations().build()), Reason.KEY_MISMATCH);
    }

    @Test
    void verifyWhenTurinVcekWithPinnedTurinChainThenChainPassesAndSignatureIsChecked() throws Exception {
        // No Turin report was captured: a version 3 report claiming Turin passes the chain step (Turin VCEK ->
        // SEV-Turin -> pinned ARK-Turin) and then fails on the signature, which proves the chain was accepted.
        byte[] bytes = SnpFixture.AZURE_V3.report();
        bytes[0x188] = 0x1A;
        bytes[0x189] = 0x02;
        SnpCertificates turin = SnpCertificates.of(SnpFixture.resource("B_sev_snp/virtee-sev/vcek_turin.der"),
                SnpFixture.resource("B_sev_snp/virtee-sev/cert_chain_turin"));

        assertThatThrownBy(() -> verifier.verify(SnpReport.parse(bytes), turin,
                SnpExpectations.at(Instant.parse("2025-06-01T00:00:00Z")).noReportData("test").build()))
                .isInstanceOfSatisfying(VerificationException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.SIGNATURE_INVALID));
    }

    @Test
    void extensionsWhenTurinVcekThenFmcAndEightByteHwId() throws Exception {
        VekExtensions turin = SnpCertificates.of(SnpFixture.resource("B_sev_snp/virtee-sev/vcek_turin.der"))
                .vekExtensions();

        assertThat(turin.productName()).contains("Turin");
        assertThat(turin.fmc()).hasValue(0);
        assertThat(turin).extracting(VekExtensions::bootloader, VekExtensions::tee, VekExtensions::snp,
                VekExtensions::microcode).containsExactly(0, 0, 0, 9);
        assertThat(turin.hwId()).hasValueSatisfying(id -> assertThat(HEX.formatHex(id)).isEqualTo("1e550a8ee5cf9f4d"));
    }

    @Test
    void extensionsWhenMilanVcekThenExpectedJsonValues() throws Exception {
        VekExtensions milan = SnpCertificates.of(SnpFixture.GO_SEV_GUEST.vcek()).vekExtensions();

        assertThat(milan).extracting(VekExtensions::bootloader, VekExtensions::tee, VekExtensions::snp,
                VekExtensions::microcode).containsExactly(2, 0, 5, 68);
        assertThat(milan.fmc()).isEmpty();
        assertThat(milan.hwId()).hasValueSatisfying(
                id -> assertThat(HEX.formatHex(id)).isEqualTo(SnpFixture.GO_SEV_GUEST.expected().chipId()));
    }

    private VerifiedSnpReport verifyFixture(SnpFixture fixture) throws Exception {
        return verifier.verify(fixture.parsed(), SnpCertificates.of(fixture.vcek()), fixture.expectations().build());
    }

    static void assertReason(ThrowingCallable call, Reason reason) {
        assertThatThrownBy(call).isInstanceOfSatisfying(VerificationException.class,
                e -> assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason));
    }

    /** The reason, and a fragment of the detail that names what failed. */
    static void assertReason(ThrowingCallable call, Reason reason, String detail) {
        assertThatThrownBy(call).isInstanceOfSatisfying(VerificationException.class, e -> {
            assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason);
            assertThat(e.getMessage()).contains(detail);
        });
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalStateException("not found");
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
