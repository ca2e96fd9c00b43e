package dev.trustedcompute.tpmquote.snp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustedcompute.tpmquote.EvidenceFormatException;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SnpReportTest {

    private static final HexFormat HEX = HexFormat.of();

    @ParameterizedTest
    @EnumSource(SnpFixture.class)
    void parseWhenCapturedReportThenFieldsMatchExpectedJson(SnpFixture fixture) throws Exception {
        SnpFixture.Expected want = fixture.expected();
        SnpReport report = fixture.parsed();

        assertThat(report.version()).isEqualTo(want.version());
        assertThat(report.guestSvn()).isEqualTo(want.guestSvn());
        assertThat(report.policy().raw()).isEqualTo(want.policy());
        assertThat(report.vmpl()).isZero();
        assertThat(report.signatureAlgorithm()).isEqualTo(1);
        assertThat(report.platformInfo().raw()).isEqualTo(want.platformInfo());
        assertThat(report.authorKeyEnabled()).isFalse();
        assertThat(report.maskChipKey()).isFalse();
        assertThat(report.signingKey()).isEqualTo(SigningKey.VCEK);
        assertThat(HEX.formatHex(report.reportData())).isEqualTo(want.reportData());
        assertThat(HEX.formatHex(report.measurement())).isEqualTo(want.measurement());
        assertThat(report.hostData()).containsOnly(0);
        if (want.idKeyDigest() != null) {
            assertThat(HEX.formatHex(report.idKeyDigest())).isEqualTo(want.idKeyDigest());
            assertThat(HEX.formatHex(report.reportId())).isEqualTo(want.reportId());
        }
        assertThat(report.currentTcb().raw()).isEqualTo(want.currentTcb());
        assertThat(report.reportedTcb().raw()).isEqualTo(want.reportedTcb());
        assertThat(report.committedTcb().raw()).isEqualTo(want.committedTcb());
        assertThat(report.launchTcb().raw()).isEqualTo(want.launchTcb());
        TcbLevels reported = report.reportedTcb().levels(SnpProduct.MILAN);
        assertThat(reported.bootloader()).isEqualTo(want.bootloader());
        assertThat(reported.tee()).isEqualTo(want.tee());
        assertThat(reported.snp()).isEqualTo(want.snp());
        assertThat(reported.microcode()).isEqualTo(want.microcode());
        assertThat(reported.fmc()).isEmpty();
        assertThat(HEX.formatHex(report.chipId())).isEqualTo(want.chipId());
        assertThat(report.currentVersion()).hasToString(want.currentVersion());
        assertThat(report.committedVersion()).hasToString(want.currentVersion());
        assertThat(report.launchMitigationVector()).isEmpty();
        assertThat(report.signedBytes()).hasSize(0x2A0).isEqualTo(Arrays.copyOf(fixture.report(), 0x2A0));
        assertThat(report.rawBytes()).isEqualTo(fixture.report());
    }

    @Test
    void parseWhenVersion3ThenCpuidIdentifiesMilan() throws Exception {
        SnpReport report = SnpFixture.AZURE_V3.parsed();

        assertThat(report.cpuid()).contains(new Cpuid(0x19, 0x01, 0x01));
        assertThat(report.cpuid().flatMap(Cpuid::product)).contains(SnpProduct.MILAN);
        PlatformInfo platform = report.platformInfo();
        assertThat(platform.smtEnabled()).isTrue();
        assertThat(platform.tsmeEnabled()).isFalse();
        assertThat(platform.eccEnabled()).isTrue();
        assertThat(platform.aliasCheckComplete()).isTrue();
    }

    @Test
    void parseWhenVersion2ThenNoCpuid() throws Exception {
        assertThat(SnpFixture.GO_SEV_GUEST.parsed().cpuid()).isEmpty();
    }

    @Test
    void parseWhenTrusteePolicyThenBitsDecoded() throws Exception {
        // 0x3001f: ABI 0.31, SMT allowed, reserved bit 17 set, no debug, no migration agent
        SnpPolicy policy = SnpFixture.TRUSTEE.parsed().policy();

        assertThat(policy.abiMajor()).isZero();
        assertThat(policy.abiMinor()).isEqualTo(31);
        assertThat(policy.smtAllowed()).isTrue();
        assertThat(policy.debugAllowed()).isFalse();
        assertThat(policy.migrateMa()).isFalse();
        assertThat(policy.singleSocket()).isFalse();
        assertThat(policy.cxlAllowed()).isFalse();
        assertThat(policy.pageSwapDisabled()).isFalse();
    }

    @Test
    void parseWhenGoSevGuestPolicyThenDebugAndMigrateMaFromBits() throws Exception {
        // 0xb0000: bits 16 (SMT), 17 (reserved one) and 19 (DEBUG)
        SnpPolicy policy = SnpFixture.GO_SEV_GUEST.parsed().policy();

        assertThat(policy.smtAllowed()).isTrue();
        assertThat(policy.debugAllowed()).isTrue();
        assertThat(policy.migrateMa()).isFalse();
    }

    @Test
    void decodeWhenAllPolicyBitsSetThenEachFlagReported() throws Exception {
        SnpPolicy policy = SnpPolicy.decode(0x3ff_0102L, 8);

        assertThat(policy.abiMajor()).isEqualTo(1);
        assertThat(policy.abiMinor()).isEqualTo(2);
        assertThat(policy).extracting(SnpPolicy::smtAllowed, SnpPolicy::migrateMa, SnpPolicy::debugAllowed,
                        SnpPolicy::singleSocket, SnpPolicy::cxlAllowed, SnpPolicy::memAes256Xts, SnpPolicy::raplDisabled,
                        SnpPolicy::ciphertextHiding, SnpPolicy::pageSwapDisabled)
                .containsOnly(true);
    }

    @Test
    void levelsWhenTurinThenFmcFirstAndSnpInByte3() {
        // bytes (LE): fmc=1 bl=2 tee=3 snp=4 rsvd rsvd rsvd ucode=0x55
        TcbVersion tcb = new TcbVersion(0x5500000004030201L);

        TcbLevels turin = tcb.levels(SnpProduct.TURIN);
        TcbLevels milan = tcb.levels(SnpProduct.MILAN);

        assertThat(turin.fmc()).hasValue(1);
        assertThat(turin).extracting(TcbLevels::bootloader, TcbLevels::tee, TcbLevels::snp, TcbLevels::microcode)
                .containsExactly(2, 3, 4, 0x55);
        assertThat(milan.fmc()).isEmpty();
        assertThat(milan).extracting(TcbLevels::bootloader, TcbLevels::tee, TcbLevels::snp, TcbLevels::microcode)
                .containsExactly(1, 2, 0, 0x55);
    }

    @Test
    void parseWhenVersion5ThenMitigationVectorsRead() throws Exception {
        byte[] bytes = SnpFixture.AZURE_V3.report();
        bytes[0] = 5;
        bytes[0x1F8] = 0x11;
        bytes[0x200] = 0x22;

        SnpReport report = SnpReport.parse(bytes);

        assertThat(report.launchMitigationVector()).hasValue(0x11);
        assertThat(report.currentMitigationVector()).hasValue(0x22);
    }

    @Test
    void parseWhenVersion3AndMitigationAreaNotZeroThenRejected() {
        byte[] bytes = SnpFixture.AZURE_V3.report();
        bytes[0x1F8] = 1;

        assertThatThrownBy(() -> SnpReport.parse(bytes)).isInstanceOf(EvidenceFormatException.class)
                .hasMessageContaining("reserved 0x1F8");
    }

    @Test
    void parseWhenVersion1ThenRejectedAsTooOld() {
        byte[] bytes = SnpFixture.TRUSTEE.report();
        bytes[0] = 1;

        assertThatThrownBy(() -> SnpReport.parse(bytes)).isInstanceOf(EvidenceFormatException.class)
                .hasMessageContaining("predates");
    }

    @Test
    void parseWhenVersion6ThenRejectedAsUnknown() {
        byte[] bytes = SnpFixture.TRUSTEE.report();
        bytes[0] = 6;

        assertThatThrownBy(() -> SnpReport.parse(bytes)).isInstanceOf(EvidenceFormatException.class)
                .hasMessageContaining("unknown report version 6");
    }

    @Test
    void parseWhenPolicyReservedOneBitClearThenRejected() {
        byte[] bytes = SnpFixture.TRUSTEE.report();
        bytes[0x0A] &= ~0x02; // bit 17

        assertThatThrownBy(() -> SnpReport.parse(bytes)).isInstanceOf(EvidenceFormatException.class)
                .satisfies(e -> assertThat(((EvidenceFormatException) e).field()).isEqualTo("POLICY"));
    }

    @Test
    void parseWhenPolicyReservedHighBitSetThenRejected() {
        byte[] bytes = SnpFixture.TRUSTEE.report();
        bytes[0x0F] = 0x01;

        assertThatThrownBy(() -> SnpReport.parse(bytes)).isInstanceOf(EvidenceFormatException.class)
                .hasMessageContaining("63:26");
    }

    @Test
    void parseWhenSigningKeyReservedThenRejected() {
        byte[] bytes = SnpFixture.TRUSTEE.report();
        bytes[0x48] = 2 << 2;

        assertThatThrownBy(() -> SnpReport.parse(bytes)).isInstanceOf(EvidenceFormatException.class)
                .satisfies(e -> assertThat(((EvidenceFormatException) e).field()).isEqualTo("KEY_INFO.SIGNING_KEY"));
    }

    @Test
    void parseWhenSigningKeyVlekOrNoneThenDecoded() throws Exception {
        byte[] bytes = SnpFixture.TRUSTEE.report();
        bytes[0x48] = 1 << 2 | 0b11;
        SnpReport vlek = SnpReport.parse(bytes);
        bytes[0x48] = 7 << 2;
        SnpReport none = SnpReport.parse(bytes);

        assertThat(vlek.signingKey()).isEqualTo(SigningKey.VLEK);
        assertThat(vlek.authorKeyEnabled()).isTrue();
        assertThat(vlek.maskChipKey()).isTrue();
        assertThat(none.signingKey()).isEqualTo(SigningKey.NONE);
    }

    @Test
    void parseWhenReservedAfterKeyInfoNotZeroThenRejectedWithOffset() {
        byte[] bytes = SnpFixture.TRUSTEE.report();
        bytes[0x4D] = 1;

        assertThatThrownBy(() -> SnpReport.parse(bytes)).isInstanceOf(EvidenceFormatException.class)
                .satisfies(e -> assertThat(((EvidenceFormatException) e).offset()).isEqualTo(0x4D));
    }

    @Test
    void parseWhenTrailingByteThenRejected() {
        byte[] bytes = Arrays.copyOf(SnpFixture.TRUSTEE.report(), SnpReport.SIZE + 1);

        assertThatThrownBy(() -> SnpReport.parse(bytes)).isInstanceOf(EvidenceFormatException.class)
                .hasMessageContaining("must be 1184 bytes, got 1185");
    }

    @Test
    void parseWhenInputChangedAfterwardsThenReportUnchanged() throws Exception {
        byte[] bytes = SnpFixture.TRUSTEE.report();
        SnpReport report = SnpReport.parse(bytes);
        bytes[0x90] ^= 1;
        report.measurement()[0] ^= 1;

        assertThat(HEX.formatHex(report.measurement())).isEqualTo(SnpFixture.TRUSTEE.expected().measurement());
    }
}
