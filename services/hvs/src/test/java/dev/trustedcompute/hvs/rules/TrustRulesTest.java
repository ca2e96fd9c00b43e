package dev.trustedcompute.hvs.rules;

import static dev.trustedcompute.hvs.rules.GceManifests.gce;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trustedcompute.hvs.flavor.EventLogEntry;
import dev.trustedcompute.hvs.flavor.Flavor;
import dev.trustedcompute.hvs.flavor.FlavorPart;
import dev.trustedcompute.hvs.flavor.FlavorPcr;
import dev.trustedcompute.hvs.flavor.StoredFlavor;
import dev.trustedcompute.hvs.flavorgroup.FlavorGroup;
import dev.trustedcompute.hvs.flavorgroup.MatchPolicy;
import dev.trustedcompute.hvs.flavorgroup.MatchType;
import dev.trustedcompute.hvs.flavorgroup.Requirement;
import dev.trustedcompute.hvs.rules.TrustVerdict.Fault;
import dev.trustedcompute.tpmquote.tpm.TpmHash;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The rule engine end to end on the real GCE capture: flavors made from its evidence with the default template verify
 * it TRUSTED; each change of evidence or flavor turns it UNTRUSTED with the fault that names the change.
 */
class TrustRulesTest {

    static final UUID AUTOMATIC = UUID.fromString("00000000-0000-7000-8000-00000000a070");
    /** SecL's {@code automatic} policies, as migration V20 creates them (IMA left out). */
    static final FlavorGroup GROUP = new FlavorGroup(AUTOMATIC, "automatic", Map.of(
            FlavorPart.PLATFORM, new MatchPolicy(MatchType.ANY_OF, Requirement.REQUIRED),
            FlavorPart.OS, new MatchPolicy(MatchType.ANY_OF, Requirement.REQUIRED),
            FlavorPart.SOFTWARE, new MatchPolicy(MatchType.ALL_OF, Requirement.REQUIRED_IF_DEFINED),
            FlavorPart.ASSET_TAG, new MatchPolicy(MatchType.LATEST, Requirement.REQUIRED_IF_DEFINED),
            FlavorPart.HOST_UNIQUE, new MatchPolicy(MatchType.LATEST, Requirement.REQUIRED_IF_DEFINED)), false);
    static final Map<FlavorPart, Flavor> GOLDEN = TestFlavors.from(gce().build());

    final TrustRules rules = new TrustRules(TestFlavors.KEY);

    private TrustVerdict evaluate(HostManifest manifest, List<StoredFlavor> flavors) {
        return rules.evaluate(manifest, List.of(new GroupFlavors(GROUP, flavors)), false);
    }

    private static List<StoredFlavor> golden() {
        return TestFlavors.storeAll(GOLDEN.values());
    }

    /** The golden flavors with {@code part}'s flavor replaced by {@code change} of it (validly signed). */
    private static List<StoredFlavor> goldenWith(FlavorPart part, UnaryOperator<Flavor> change) {
        List<Flavor> flavors = new ArrayList<>(GOLDEN.values());
        flavors.replaceAll(f -> f.part() == part ? change.apply(f) : f);
        return TestFlavors.storeAll(flavors);
    }

    private static UnaryOperator<Flavor> pcr(int index, UnaryOperator<FlavorPcr> change) {
        return f -> new Flavor(f.meta(), f.bios(), f.pcrs().stream()
                .map(p -> p.pcr().index() == index ? change.apply(p) : p).toList());
    }

    @Test
    void evaluateWhenGoldenFlavorsFromSameEvidenceThenTrusted() {
        TrustVerdict verdict = evaluate(gce().groups(AUTOMATIC).build(), golden());

        assertThat(verdict.faults()).isEmpty();
        assertThat(verdict.overall()).isEqualTo(Trust.TRUSTED);
        assertThat(verdict.parts()).containsEntry(FlavorPart.PLATFORM, Trust.TRUSTED)
                .containsEntry(FlavorPart.OS, Trust.TRUSTED).containsEntry(FlavorPart.HOST_UNIQUE, Trust.TRUSTED)
                .containsEntry(FlavorPart.SOFTWARE, Trust.NA).containsEntry(FlavorPart.ASSET_TAG, Trust.NA);
        assertThat(verdict.matchedFlavorIds()).containsExactlyInAnyOrderElementsOf(
                GOLDEN.values().stream().map(f -> f.meta().id()).toList());
        assertThat(verdict.secureBootEnabled()).isTrue();
        assertThat(verdict.goldenFromReboot()).isFalse();
        assertThat(verdict.summaryTrust()).containsEntry("OVERALL", "TRUSTED").containsEntry("SOFTWARE", "NA");
    }

    @Test
    void fromHostWhenGceEvidenceThenSha384PcrsWithVerifiedEventsAndSecureBoot() {
        Flavor platform = GOLDEN.get(FlavorPart.PLATFORM);

        assertThat(platform.pcrs()).extracting(p -> p.pcr().index()).containsExactly(0, 2, 7);
        assertThat(platform.pcrs()).allSatisfy(p -> assertThat(p.pcr().bank()).isEqualTo(TpmHash.SHA384));
        FlavorPcr pcr7 = platform.pcrs().get(2);
        assertThat(pcr7.measurement()).isEqualTo(GceManifests.pcr(TpmHash.SHA384, 7));
        assertThat(pcr7.eventlogEquals().events()).extracting(EventLogEntry::tags)
                .contains(List.of("SecureBoot"), List.of("PK"), List.of("KEK"), List.of("db"), List.of("dbx"));
        assertThat(platform.meta().description().secureBootEnabled()).isTrue();
        assertThat(platform.meta().description().biosName()).isEqualTo("Google");
        assertThat(GOLDEN.get(FlavorPart.HOST_UNIQUE).meta().description().hardwareUuid())
                .isEqualTo(GceManifests.HARDWARE_UUID);
        assertThat(GOLDEN.get(FlavorPart.OS).pcrs()).extracting(p -> p.pcr().index()).containsExactly(4, 8, 9);
    }

    @Test
    void evaluateWhenEventOfPcr4ChangedInLogThenOnlyPcr4sEventRuleFailsNamingIt() {
        TrustVerdict verdict = evaluate(gce().groups(AUTOMATIC)
                .eventLog(GceManifests.eventLogWithChangedEvent(4, TpmHash.SHA384)).build(), golden());

        assertThat(verdict.overall()).isEqualTo(Trust.UNTRUSTED);
        assertThat(verdict.parts()).containsEntry(FlavorPart.OS, Trust.UNTRUSTED)
                .containsEntry(FlavorPart.PLATFORM, Trust.TRUSTED).containsEntry(FlavorPart.HOST_UNIQUE, Trust.TRUSTED);
        // each PCR's replay stands alone: PCR 4 vouches for none of its events, PCRs 0 and 7 (PLATFORM) still do
        assertThat(verdict.faults()).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo(Rule.EVENT_LOG_INTEGRITY);
            assertThat(f.part()).isEqualTo(FlavorPart.OS);
            assertThat(f.description()).startsWith("PCR 4 (SHA384): events cannot be checked: the event log does not "
                    + "replay to the quote: PCR4 (sha384): quoted " + GceManifests.pcr(TpmHash.SHA384, 4));
        });
        assertThat(verdict.secureBootEnabled()).isTrue();
        assertThat(verdict.matchedFlavorIds()).containsExactlyInAnyOrder(GOLDEN.get(FlavorPart.HOST_UNIQUE).meta().id(),
                GOLDEN.get(FlavorPart.PLATFORM).meta().id());
    }

    @Test
    void evaluateWhenOnlyBankWithIntactEventsQuotedThenSha256FlavorsTrusted() {
        Map<FlavorPart, Flavor> sha256 = TestFlavors.from(gce().banks(TpmHash.SHA256).build());

        TrustVerdict verdict = evaluate(gce().groups(AUTOMATIC).banks(TpmHash.SHA256)
                .eventLog(GceManifests.eventLogWithChangedEvent(4, TpmHash.SHA384)).build(),
                TestFlavors.storeAll(sha256.values()));

        assertThat(verdict.faults()).isEmpty();
        assertThat(verdict.overall()).isEqualTo(Trust.TRUSTED);
    }

    @Test
    void evaluateWhenFlavorExpectsOtherPcr0ValueThenPlatformUntrustedWithPcrMismatch() {
        String other = "ab".repeat(48);
        TrustVerdict verdict = evaluate(gce().groups(AUTOMATIC).build(), goldenWith(FlavorPart.PLATFORM,
                pcr(0, p -> new FlavorPcr(p.pcr(), other, p.pcrMatches(), p.eventlogEquals(), p.eventlogIncludes()))));

        assertThat(verdict.overall()).isEqualTo(Trust.UNTRUSTED);
        assertThat(verdict.parts()).containsEntry(FlavorPart.PLATFORM, Trust.UNTRUSTED)
                .containsEntry(FlavorPart.OS, Trust.TRUSTED);
        assertThat(verdict.faults()).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo(Rule.PCR_MATCHES_CONSTANT);
            assertThat(f.description()).isEqualTo("PCR 0 (SHA384) is " + GceManifests.pcr(TpmHash.SHA384, 0)
                    + " but the flavor expects " + other);
        });
        assertThat(verdict.summaryFaults()).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo("PcrMatchesConstant");
            assertThat(f.part()).isEqualTo("PLATFORM");
        });
    }

    @Test
    void evaluateWhenFlavorExpectsAnotherPcr7EventThenEventLogEqualsFaultNamesMissingAndUnexpected() {
        EventLogEntry shim = new EventLogEntry("0x800000e0", "EV_EFI_VARIABLE_AUTHORITY", List.of("Shim"), "cd".repeat(48));
        TrustVerdict verdict = evaluate(gce().groups(AUTOMATIC).build(), goldenWith(FlavorPart.PLATFORM, pcr(7, p -> {
            List<EventLogEntry> events = new ArrayList<>(p.eventlogEquals().events());
            EventLogEntry dropped = events.removeLast();
            events.add(shim);
            assertThat(dropped).isNotNull();
            return new FlavorPcr(p.pcr(), p.measurement(), p.pcrMatches(),
                    new FlavorPcr.EventLogEquals(events, null), null);
        })));

        assertThat(verdict.parts()).containsEntry(FlavorPart.PLATFORM, Trust.UNTRUSTED);
        assertThat(verdict.faults()).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo(Rule.EVENT_LOG_EQUALS);
            assertThat(f.description()).startsWith("PCR 7 (SHA384): events differ from the flavor; unexpected: ")
                    .contains("; missing: EV_EFI_VARIABLE_AUTHORITY 0x800000e0 [Shim] " + "cd".repeat(48));
        });
    }

    @Test
    void evaluateWhenStoredFlavorTamperedThenRefusedWithSignatureFault() {
        List<StoredFlavor> flavors = new ArrayList<>(golden());
        flavors.replaceAll(s -> s.part() != FlavorPart.OS ? s : new StoredFlavor(s.id(), s.part(), s.createdAt(),
                s.content().replace(GceManifests.pcr(TpmHash.SHA384, 8), "00".repeat(48)), s.signature()));

        TrustVerdict verdict = evaluate(gce().groups(AUTOMATIC).build(), flavors);

        assertThat(verdict.parts()).containsEntry(FlavorPart.OS, Trust.UNTRUSTED);
        assertThat(verdict.faults()).extracting(Fault::rule).containsExactly(Rule.FLAVOR_SIGNATURE);
        assertThat(verdict.faults().getFirst().description())
                .isEqualTo("flavor refused: the signature does not verify over the stored flavor");
    }

    @Test
    void evaluateWhenFlavorSignedByAnotherKeyThenRefused() {
        TrustVerdict verdict = new TrustRules(TestFlavors.newKey())
                .evaluate(gce().groups(AUTOMATIC).build(), List.of(new GroupFlavors(GROUP, golden())), false);

        assertThat(verdict.overall()).isEqualTo(Trust.UNTRUSTED);
        assertThat(verdict.faults()).filteredOn(f -> f.rule() == Rule.FLAVOR_SIGNATURE).hasSize(3);
    }

    @Test
    void evaluateWhenNoEventLogThenIntegrityFaultsAndSecureBootUnknown() {
        TrustVerdict verdict = evaluate(gce().groups(AUTOMATIC).eventLog(null).build(), golden());

        assertThat(verdict.overall()).isEqualTo(Trust.UNTRUSTED);
        assertThat(verdict.secureBootEnabled()).isNull();
        assertThat(verdict.faults()).extracting(Fault::rule).containsExactlyInAnyOrder(Rule.EVENT_LOG_INTEGRITY,
                Rule.EVENT_LOG_INTEGRITY, Rule.SECURE_BOOT_ENABLED, Rule.EVENT_LOG_INTEGRITY);
        assertThat(verdict.faults()).allSatisfy(f -> assertThat(f.description()).contains("the host sent no event log"));
        assertThat(verdict.parts()).containsEntry(FlavorPart.HOST_UNIQUE, Trust.TRUSTED);
    }

    @Test
    void evaluateWhenOnlySha256QuotedThenSha384FlavorsReportMissingPcrValues() {
        TrustVerdict verdict = evaluate(gce().groups(AUTOMATIC).banks(TpmHash.SHA256).build(), golden());

        assertThat(verdict.overall()).isEqualTo(Trust.UNTRUSTED);
        assertThat(verdict.faults()).filteredOn(f -> f.rule() == Rule.PCR_MATCHES_CONSTANT)
                .extracting(Fault::description).contains("PCR 0 (SHA384) was not quoted (PcrValueMissing)");
        assertThat(verdict.secureBootEnabled()).as("read from the SHA256 bank").isTrue();
    }

    @Test
    void evaluateWhenBiosVersionDiffersThenNoPlatformFlavorAppliesAndRequiredFault() {
        TrustVerdict verdict = evaluate(gce().groups(AUTOMATIC)
                .hostInfo(GceManifests.hostInfo().biosVersion("Google 2").build()).build(), golden());

        assertThat(verdict.parts()).containsEntry(FlavorPart.PLATFORM, Trust.UNTRUSTED);
        assertThat(verdict.faults()).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo(Rule.REQUIRED_FLAVOR_PART);
            assertThat(f.description()).isEqualTo("flavor group 'automatic' requires a PLATFORM flavor (ANY_OF, REQUIRED)"
                    + " but none of its 1 PLATFORM flavors applies to this host (BIOS Google Google 2)");
        });
    }

    @Test
    void evaluateWhenOtherHardwareUuidThenHostUniqueNotDefinedForHostAndNa() {
        TrustVerdict verdict = evaluate(gce().groups(AUTOMATIC)
                .hostInfo(GceManifests.hostInfo().hardwareUuid(UUID.randomUUID().toString()).build()).build(), golden());

        assertThat(verdict.parts()).containsEntry(FlavorPart.HOST_UNIQUE, Trust.NA);
        assertThat(verdict.overall()).isEqualTo(Trust.TRUSTED);
    }

    @Test
    void evaluateWhenHostInNoGroupThenUntrustedWithGroupFault() {
        TrustVerdict verdict = rules.evaluate(gce().build(), List.of(), false);

        assertThat(verdict.overall()).isEqualTo(Trust.UNTRUSTED);
        assertThat(verdict.faults()).extracting(Fault::rule).containsExactly(Rule.FLAVOR_GROUP_LINKED);
        assertThat(verdict.parts().values()).containsOnly(Trust.NA);
    }

    @Test
    void evaluateWhenSecureBootFlavorAndPcr7EventChangedThenIntegrityAndSecureBootFaults() {
        TrustVerdict verdict = evaluate(gce().groups(AUTOMATIC)
                .eventLog(GceManifests.eventLogWithChangedEvent(7, TpmHash.SHA384)).build(), golden());

        assertThat(verdict.parts()).containsEntry(FlavorPart.PLATFORM, Trust.UNTRUSTED)
                .containsEntry(FlavorPart.OS, Trust.TRUSTED);
        // only PCR 7 loses its events (PLATFORM's PCR 7 rule and Secure Boot); PCR 0 and 4 still replay
        assertThat(verdict.faults()).extracting(Fault::rule).containsExactlyInAnyOrder(Rule.EVENT_LOG_INTEGRITY,
                Rule.SECURE_BOOT_ENABLED);
        assertThat(verdict.faults()).filteredOn(f -> f.rule() == Rule.EVENT_LOG_INTEGRITY).singleElement()
                .satisfies(f -> assertThat(f.description()).startsWith("PCR 7 (SHA384): events cannot be checked: "));
        // the SHA-1 quote replays, but a PCR7 event's SHA-384 digest is not the hash of its data
        assertThat(verdict.faults()).filteredOn(f -> f.rule() == Rule.SECURE_BOOT_ENABLED).singleElement()
                .satisfies(f -> assertThat(f.description()).startsWith("Secure Boot state unknown: EVENT_DIGEST_MISMATCH"));
        assertThat(verdict.secureBootEnabled()).isNull();
    }
}
