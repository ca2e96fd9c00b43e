package dev.trustedcompute.attestationmanager.nodes;

import dev.trustedcompute.agentprotocol.DiskEncryption;
import dev.trustedcompute.agentprotocol.TrustReportSummary;
import dev.trustedcompute.agentprotocol.TrustReportSummary.Fault;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DeciderTest {
    static final Map<String, String> ALL_TRUSTED = Map.of("PLATFORM", "TRUSTED", "OS", "TRUSTED", "OVERALL", "TRUSTED");
    static final DiskEncryption LUKS = new DiskEncryption(true, "LUKS2");
    static final Fault PCR_FAULT = new Fault("PcrMatchesConstant", "PLATFORM", "PCR 0 differs");
    final Decider decider = new Decider(true);

    @Test
    void decideWhenTrustedSecureBootAndEncryptedThenVerified() {
        Decision decision = decider.decide(summary(true, ALL_TRUSTED, List.of(), true, LUKS));
        assertThat(decision.status()).isEqualTo(NodeStatus.VERIFIED);
        assertThat(decision.reason()).isNull();
    }

    @Test
    void decideWhenUntrustedThenAttestationFailedWithFaultsAndPartsInDetail() {
        Decision decision = decider.decide(summary(false, Map.of("PLATFORM", "UNTRUSTED", "OS", "TRUSTED", "OVERALL", "UNTRUSTED"),
                List.of(PCR_FAULT), true, LUKS));
        assertThat(decision.status()).isEqualTo(NodeStatus.ATTESTATION_FAILED);
        assertThat(decision.reason()).isEqualTo(Reason.UNTRUSTED);
        assertThat(decision.faults()).containsExactly(PCR_FAULT);
        assertThat(decision.detail()).contains("PLATFORM").contains("PcrMatchesConstant (PLATFORM): PCR 0 differs")
                .doesNotContain("OS,");
    }

    @Test
    void decideWhenTrustedFlagButOverallUntrustedOrFaultsThenAttestationFailed() {
        assertThat(decider.decide(summary(true, Map.of("OVERALL", "UNTRUSTED"), List.of(), true, LUKS)).reason())
                .isEqualTo(Reason.UNTRUSTED);
        assertThat(decider.decide(summary(true, ALL_TRUSTED, List.of(PCR_FAULT), true, LUKS)).reason())
                .isEqualTo(Reason.UNTRUSTED);
    }

    @Test
    void decideWhenSecureBootDisabledThenSecureBootDisabledEvenIfOtherwiseTrusted() {
        Decision decision = decider.decide(summary(true, ALL_TRUSTED, List.of(), false, LUKS));
        assertThat(decision.status()).isEqualTo(NodeStatus.SECURE_BOOT_DISABLED);
        assertThat(decision.reason()).isEqualTo(Reason.SECURE_BOOT_DISABLED);
    }

    @Test
    void decideWhenSecureBootUnknownThenAttestationFailedSecureBootUnknown() {
        Decision decision = decider.decide(summary(true, ALL_TRUSTED, List.of(), null, LUKS));
        assertThat(decision.status()).isEqualTo(NodeStatus.ATTESTATION_FAILED);
        assertThat(decision.reason()).isEqualTo(Reason.SECURE_BOOT_UNKNOWN);
    }

    @Test
    void decideWhenRootNotEncryptedOrUnreportedThenDiskNotEncrypted() {
        Decision plain = decider.decide(summary(true, ALL_TRUSTED, List.of(), true, new DiskEncryption(false, null)));
        assertThat(plain.status()).isEqualTo(NodeStatus.ATTESTATION_FAILED);
        assertThat(plain.reason()).isEqualTo(Reason.DISK_NOT_ENCRYPTED);
        assertThat(plain.detail()).isEqualTo("the root file system is not encrypted");
        Decision unknown = decider.decide(summary(true, ALL_TRUSTED, List.of(), true, null));
        assertThat(unknown.reason()).isEqualTo(Reason.DISK_NOT_ENCRYPTED);
        assertThat(unknown.detail()).isEqualTo("the agent reported no disk encryption state");
    }

    @Test
    void decideWhenEncryptionNotRequiredThenUnencryptedNodeIsVerified() {
        Decision decision = new Decider(false).decide(summary(true, ALL_TRUSTED, List.of(), true, new DiskEncryption(false, null)));
        assertThat(decision.status()).isEqualTo(NodeStatus.VERIFIED);
    }

    private static TrustReportSummary summary(boolean trusted, Map<String, String> trust, List<Fault> faults,
                                              Boolean secureBoot, DiskEncryption disk) {
        Instant now = Instant.now();
        return new TrustReportSummary("r-1", "node-1", "node-1.lab", "uuid", trusted, trust, faults, secureBoot, disk,
                false, now, now.plusSeconds(3600));
    }
}
