package dev.trustedcompute.tpmquote.snp;

import static dev.trustedcompute.tpmquote.snp.SnpVerifierTest.assertReason;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trustedcompute.tpmquote.Reason;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * Paths the captured evidence does not reach (Turin and Genoa reports, VLEK signing, TCB and chip mismatches,
 * foreign intermediates), with a test-generated AMD-like PKI ({@link TestAmdPki}) and real signatures over a
 * captured report whose fields are rewritten before signing.
 */
class SnpSyntheticChainTest {

    private static final byte[] MILAN_CHIP = SnpFixture.TRUSTEE.report().clone();
    private static final byte[] TURIN_HW_ID = {0x1e, 0x55, 0x0a, (byte) 0x8e, (byte) 0xe5, (byte) 0xcf, (byte) 0x9f, 0x4d};

    private final TestAmdPki milan = TestAmdPki.of(SnpProduct.MILAN);
    private final TestAmdPki genoa = TestAmdPki.of(SnpProduct.GENOA);
    private final TestAmdPki turin = TestAmdPki.of(SnpProduct.TURIN);

    @Test
    void verifyWhenTurinReportAndMatchingVcekThenFmcAndTurinLayoutClaims() throws Exception {
        TestAmdPki.Vek vcek = turin.vcek(new TestAmdPki.Tcb(2, 3, 4, 5, 1, TURIN_HW_ID));
        byte[] report = turinReport(vcek);

        VerifiedSnpReport verified = turin.verifier().verify(SnpReport.parse(report), SnpCertificates.of(vcek.der()),
                expectations());

        assertThat(verified.product()).isEqualTo(SnpProduct.TURIN);
        assertThat(verified.reportedTcb().fmc()).hasValue(1);
        assertThat(verified.claims()).containsEntry("product", "turin")
                .containsEntry("reported_tcb.fmc", 1L)
                .containsEntry("reported_tcb.bootloader", 2L)
                .containsEntry("reported_tcb.tee", 3L)
                .containsEntry("reported_tcb.snp", 4L)
                .containsEntry("reported_tcb.microcode", 5L)
                .containsEntry("cpuid_fam_id", 0x1AL);
    }

    @Test
    void verifyWhenTurinVcekLacksFmcThenTcbMismatch() throws Exception {
        TestAmdPki.Vek vcek = turin.vcek(new TestAmdPki.Tcb(2, 3, 4, 5, null, TURIN_HW_ID));

        assertReason(() -> turin.verifier().verify(SnpReport.parse(turinReport(vcek)), SnpCertificates.of(vcek.der()),
                expectations()), Reason.TCB_MISMATCH, "lacks fmcSPL");
    }

    @Test
    void verifyWhenTurinFmcDiffersThenTcbMismatch() throws Exception {
        TestAmdPki.Vek vcek = turin.vcek(new TestAmdPki.Tcb(2, 3, 4, 5, 9, TURIN_HW_ID));

        assertReason(() -> turin.verifier().verify(SnpReport.parse(turinReport(vcek)), SnpCertificates.of(vcek.der()),
                expectations()), Reason.TCB_MISMATCH, "fmcSPL is 9 but REPORTED_TCB has 1");
    }

    @Test
    void verifyWhenVcekCertifiesOtherBootloaderThenTcbMismatch() throws Exception {
        // trustee report: REPORTED_TCB bl=3 tee=0 snp=8 ucode=115
        TestAmdPki.Vek vcek = milan.vcek(new TestAmdPki.Tcb(4, 0, 8, 115, null, chipId(MILAN_CHIP)));
        byte[] report = vcek.sign(SnpFixture.TRUSTEE.report());

        assertReason(() -> milan.verifier().verify(SnpReport.parse(report), SnpCertificates.of(vcek.der()),
                expectations()), Reason.TCB_MISMATCH, "blSPL is 4 but REPORTED_TCB has 3");
    }

    @Test
    void verifyWhenVcekCertifiesOtherMicrocodeThenTcbMismatch() throws Exception {
        TestAmdPki.Vek vcek = milan.vcek(new TestAmdPki.Tcb(3, 0, 8, 114, null, chipId(MILAN_CHIP)));
        byte[] report = vcek.sign(SnpFixture.TRUSTEE.report());

        assertReason(() -> milan.verifier().verify(SnpReport.parse(report), SnpCertificates.of(vcek.der()),
                expectations()), Reason.TCB_MISMATCH, "ucodeSPL is 114 but REPORTED_TCB has 115");
    }

    @Test
    void verifyWhenVcekHwIdIsOtherChipThenTcbMismatch() throws Exception {
        byte[] otherChip = chipId(MILAN_CHIP);
        otherChip[63] ^= 1;
        TestAmdPki.Vek vcek = milan.vcek(new TestAmdPki.Tcb(3, 0, 8, 115, null, otherChip));
        byte[] report = vcek.sign(SnpFixture.TRUSTEE.report());

        assertReason(() -> milan.verifier().verify(SnpReport.parse(report), SnpCertificates.of(vcek.der()),
                expectations()), Reason.TCB_MISMATCH, "hwID");
    }

    @Test
    void verifyWhenVcekMatchesThenSyntheticMilanVerifies() throws Exception {
        TestAmdPki.Vek vcek = milan.vcek(new TestAmdPki.Tcb(3, 0, 8, 115, null, chipId(MILAN_CHIP)));
        byte[] report = vcek.sign(SnpFixture.TRUSTEE.report());

        VerifiedSnpReport verified = milan.verifier().verify(SnpReport.parse(report), SnpCertificates.of(vcek.der()),
                expectations());

        assertThat(verified.product()).isEqualTo(SnpProduct.MILAN);
    }

    @Test
    void verifyWhenGenoaVlekSignedReportThenVerifiesWithoutHwId() throws Exception {
        TestAmdPki.Vek vlek = genoa.vlek(new TestAmdPki.Tcb(3, 0, 8, 115, null, null));
        byte[] bytes = SnpFixture.TRUSTEE.report();
        bytes[0x48] = 1 << 2; // SIGNING_KEY = VLEK

        VerifiedSnpReport verified = genoa.verifier().verify(SnpReport.parse(vlek.sign(bytes)),
                SnpCertificates.of(pem(vlek.der())), expectations());

        assertThat(verified.signer()).isEqualTo(SigningKey.VLEK);
        assertThat(verified.product()).isEqualTo(SnpProduct.GENOA);
        assertThat(verified.claims()).containsEntry("signing_key", "vlek").containsEntry("product", "genoa");
    }

    @Test
    void verifyWhenVlekButReportSaysVcekThenKeyMismatch() throws Exception {
        TestAmdPki.Vek vlek = genoa.vlek(new TestAmdPki.Tcb(3, 0, 8, 115, null, null));
        byte[] report = vlek.sign(SnpFixture.TRUSTEE.report());

        assertReason(() -> genoa.verifier().verify(SnpReport.parse(report), SnpCertificates.of(vlek.der()),
                expectations()), Reason.KEY_MISMATCH, "SIGNING_KEY is VCEK");
    }

    @Test
    void verifyWhenVlekIssuedUnderAskNameThenRootNotTrusted() throws Exception {
        TestAmdPki.Vek vlek = genoa.vek("SEV-VLEK", "SEV-Genoa", new TestAmdPki.Tcb(3, 0, 8, 115, null, null),
                TestAmdPki.PSS, "secp384r1", TestAmdPki.intermediateKey(), TestAmdPki.TO);
        byte[] bytes = SnpFixture.TRUSTEE.report();
        bytes[0x48] = 1 << 2;

        assertReason(() -> genoa.verifier().verify(SnpReport.parse(vlek.sign(bytes)), SnpCertificates.of(vlek.der()),
                expectations()), Reason.ROOT_NOT_TRUSTED);
    }

    @Test
    void verifyWhenIssuerIsUnknownProductThenRootNotTrusted() throws Exception {
        TestAmdPki.Vek vcek = milan.vek("SEV-VCEK", "SEV-Bergamo", new TestAmdPki.Tcb(3, 0, 8, 115, null,
                chipId(MILAN_CHIP)), TestAmdPki.PSS, "secp384r1", TestAmdPki.intermediateKey(), TestAmdPki.TO);
        byte[] report = vcek.sign(SnpFixture.TRUSTEE.report());

        assertReason(() -> milan.verifier().verify(SnpReport.parse(report), SnpCertificates.of(vcek.der()),
                expectations()), Reason.ROOT_NOT_TRUSTED, "SEV-Bergamo");
    }

    @Test
    void verifyWhenProductPinnedNowhereThenRootNotTrusted() throws Exception {
        TestAmdPki.Vek vcek = genoa.vcek(new TestAmdPki.Tcb(3, 0, 8, 115, null, chipId(MILAN_CHIP)));
        byte[] report = vcek.sign(SnpFixture.TRUSTEE.report());

        assertReason(() -> milan.verifier().verify(SnpReport.parse(report), SnpCertificates.of(vcek.der()),
                expectations()), Reason.ROOT_NOT_TRUSTED, "no pinned AMD root for Genoa");
    }

    @Test
    void verifyWhenSuppliedArkHasPinnedNameButOtherKeyThenRootNotTrusted() throws Exception {
        TestAmdPki.Vek vcek = milan.vcek(new TestAmdPki.Tcb(3, 0, 8, 115, null, chipId(MILAN_CHIP)));
        byte[] report = vcek.sign(SnpFixture.TRUSTEE.report());
        AmdCertificate fakeArk = TestAmdPki.foreign("ARK-Milan", "ARK-Milan");

        assertReason(() -> milan.verifier().verify(SnpReport.parse(report),
                SnpCertificates.of(vcek.der(), pem(fakeArk.der())), expectations()), Reason.ROOT_NOT_TRUSTED, "is not the pinned ARK-Milan");
    }

    @Test
    void verifyWhenSuppliedAskNotSignedByPinnedArkThenChainInvalid() throws Exception {
        TestAmdPki.Vek vcek = milan.vcek(new TestAmdPki.Tcb(3, 0, 8, 115, null, chipId(MILAN_CHIP)));
        byte[] report = vcek.sign(SnpFixture.TRUSTEE.report());
        AmdCertificate fakeAsk = TestAmdPki.foreign("SEV-Milan", "ARK-Milan");

        assertReason(() -> milan.verifier().verify(SnpReport.parse(report),
                SnpCertificates.of(vcek.der(), pem(fakeAsk.der())), expectations()), Reason.CERTIFICATE_CHAIN_INVALID, "'SEV-Milan' <- 'ARK-Milan'");
    }

    @Test
    void verifyWhenVcekSignedWithPkcs1ThenChainInvalid() throws Exception {
        TestAmdPki.Vek vcek = milan.vek("SEV-VCEK", "SEV-Milan", new TestAmdPki.Tcb(3, 0, 8, 115, null,
                chipId(MILAN_CHIP)), "SHA384withRSA", "secp384r1", TestAmdPki.intermediateKey(), TestAmdPki.TO);
        byte[] report = vcek.sign(SnpFixture.TRUSTEE.report());

        assertReason(() -> milan.verifier().verify(SnpReport.parse(report), SnpCertificates.of(vcek.der()),
                expectations()), Reason.CERTIFICATE_CHAIN_INVALID, "is not RSASSA-PSS with SHA-384");
    }

    @Test
    void verifyWhenVcekKeyIsP256ThenUnsupportedAlgorithm() throws Exception {
        TestAmdPki.Vek vcek = milan.vek("SEV-VCEK", "SEV-Milan", new TestAmdPki.Tcb(3, 0, 8, 115, null,
                chipId(MILAN_CHIP)), TestAmdPki.PSS, "secp256r1", TestAmdPki.intermediateKey(), TestAmdPki.TO);
        byte[] report = SnpFixture.TRUSTEE.report();

        assertReason(() -> milan.verifier().verify(SnpReport.parse(report), SnpCertificates.of(vcek.der()),
                expectations()), Reason.UNSUPPORTED_ALGORITHM, "P-384");
    }

    @Test
    void verifyWhenVcekExpiredThenCertificateExpired() throws Exception {
        TestAmdPki.Vek vcek = milan.vek("SEV-VCEK", "SEV-Milan", new TestAmdPki.Tcb(3, 0, 8, 115, null,
                chipId(MILAN_CHIP)), TestAmdPki.PSS, "secp384r1", TestAmdPki.intermediateKey(),
                TestAmdPki.AT.minusSeconds(60));
        byte[] report = vcek.sign(SnpFixture.TRUSTEE.report());

        assertReason(() -> milan.verifier().verify(SnpReport.parse(report), SnpCertificates.of(vcek.der()),
                expectations()), Reason.CERTIFICATE_EXPIRED, "'SEV-VCEK' is valid");
    }

    @Test
    void verifyWhenVersion5ThenMitigationVectorClaims() throws Exception {
        TestAmdPki.Vek vcek = milan.vcek(new TestAmdPki.Tcb(4, 0, 24, 219, null,
                chipId(SnpFixture.AZURE_V3.report())));
        byte[] bytes = SnpFixture.AZURE_V3.report();
        bytes[0] = 5;
        bytes[0x1F8] = 0x03;
        bytes[0x200] = 0x07;

        VerifiedSnpReport verified = milan.verifier().verify(SnpReport.parse(vcek.sign(bytes)),
                SnpCertificates.of(vcek.der()), expectations());

        assertThat(verified.claims()).containsEntry("version", 5L)
                .containsEntry("launch_mit_vector", 3L)
                .containsEntry("current_mit_vector", 7L);
    }

    private byte[] turinReport(TestAmdPki.Vek vcek) {
        byte[] bytes = SnpFixture.AZURE_V3.report();
        bytes[0x188] = 0x1A; // family: Zen 5
        bytes[0x189] = 0x02; // model: Turin
        byte[] tcb = {1, 2, 3, 4, 0, 0, 0, 5}; // fmc bl tee snp rsvd rsvd rsvd ucode
        System.arraycopy(tcb, 0, bytes, 0x180, 8);
        Arrays.fill(bytes, 0x1A0, 0x1E0, (byte) 0);
        System.arraycopy(TURIN_HW_ID, 0, bytes, 0x1A0, 8);
        return vcek.sign(bytes);
    }

    private static SnpExpectations expectations() {
        return SnpExpectations.at(TestAmdPki.AT).noReportData("synthetic report").build();
    }

    private static byte[] chipId(byte[] report) {
        return Arrays.copyOfRange(report, 0x1A0, 0x1E0);
    }

    private static byte[] pem(byte[] der) {
        return ("-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END CERTIFICATE-----\n").getBytes(StandardCharsets.US_ASCII);
    }
}
