package dev.trustedcompute.hvs.template;

import static dev.trustedcompute.hvs.rules.GceManifests.gce;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustedcompute.agentprotocol.HostInfo;
import dev.trustedcompute.hvs.flavor.EventLogEntry;
import dev.trustedcompute.hvs.flavor.Flavor;
import dev.trustedcompute.hvs.flavor.FlavorPart;
import dev.trustedcompute.hvs.flavor.FlavorPcr;
import dev.trustedcompute.hvs.rules.GceManifests;
import dev.trustedcompute.hvs.rules.HostManifest;
import dev.trustedcompute.hvs.rules.TestFlavors;
import dev.trustedcompute.tpmquote.tpm.TpmHash;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Template conditions, validation, and flavor creation from the real GCE evidence. */
class FlavorTemplateTest {

    static final FlavorTemplate DEFAULT = TestFlavors.defaultTemplate();
    final FlavorFactory factory = new FlavorFactory(UUID::randomUUID);

    static Stream<Arguments> conditions() {
        HostInfo gce = GceManifests.hostInfo().build();
        HostInfo legacyBios = GceManifests.hostInfo().secureBoot(null).build();
        HostInfo tdx = GceManifests.hostInfo().tees("tpm", "tdx").build();
        return Stream.of(
                Arguments.of("one_of holds", new Condition(HostField.TPM_VERSION, List.of("1.2", "2.0"), null, null), gce, true),
                Arguments.of("one_of fails", new Condition(HostField.TPM_VERSION, List.of("1.2"), null, null), gce, false),
                Arguments.of("starts_with holds", new Condition(HostField.OS_NAME, null, "Container", null), gce, true),
                Arguments.of("starts_with fails", new Condition(HostField.OS_NAME, null, "Ubuntu", null), gce, false),
                Arguments.of("present on UEFI", new Condition(HostField.SECURE_BOOT_ENABLED, null, null, true), gce, true),
                Arguments.of("present on legacy BIOS", new Condition(HostField.SECURE_BOOT_ENABLED, null, null, true),
                        legacyBios, false),
                Arguments.of("absent on legacy BIOS", new Condition(HostField.SECURE_BOOT_ENABLED, null, null, false),
                        legacyBios, true),
                Arguments.of("one_of on a boolean", new Condition(HostField.SECURE_BOOT_ENABLED, List.of("true"), null, null),
                        gce, true),
                Arguments.of("one_of absent field", new Condition(HostField.SECURE_BOOT_ENABLED, List.of("false"), null,
                        null), legacyBios, false),
                Arguments.of("any of several values", new Condition(HostField.TEES, List.of("tdx"), null, null), tdx, true),
                Arguments.of("none of several values", new Condition(HostField.TEES, List.of("snp"), null, null), tdx, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("conditions")
    void holdsForWhenConditionThenResult(String name, Condition condition, HostInfo host, boolean expected) {
        assertThat(condition.holdsFor(host)).isEqualTo(expected);
    }

    @Test
    void appliesToWhenDefaultTemplateThenLinuxUefiTpm2HostsOnly() {
        assertThat(DEFAULT.appliesTo(GceManifests.hostInfo().build())).isTrue();
        assertThat(DEFAULT.appliesTo(GceManifests.hostInfo().secureBoot(false).build())).isTrue();
        assertThat(DEFAULT.appliesTo(GceManifests.hostInfo().secureBoot(null).build())).as("legacy BIOS").isFalse();
        assertThat(DEFAULT.appliesTo(GceManifests.hostInfo().tpmVersion("1.2").build())).isFalse();
        assertThat(DEFAULT.appliesTo(GceManifests.hostInfo().kernelVersion(null).build())).as("not Linux").isFalse();
    }

    @Test
    void validateWhenDefaultTemplateThenValidWithSha384AndSha256Banks() {
        TemplateValidator.validate(DEFAULT);
        assertThat(DEFAULT.flavorParts().values()).flatMap(FlavorTemplate.PartRules::pcrRules)
                .allSatisfy(r -> assertThat(r.pcr().bank()).containsExactly(TpmHash.SHA384, TpmHash.SHA256));
    }

    static PcrRule rule(int index, boolean matches, PcrRule.EventLogEquals equals, List<String> includes,
                        TpmHash... banks) {
        return new PcrRule(new PcrRule.Pcr(index, List.of(banks)), matches, equals, includes);
    }

    static FlavorTemplate template(List<Condition> conditions, FlavorPart part, PcrRule... rules) {
        return new FlavorTemplate(UUID.randomUUID(), "t-" + part, conditions,
                Map.of(part, new FlavorTemplate.PartRules(List.of(rules))));
    }

    static Stream<Arguments> invalidTemplates() {
        PcrRule ok = rule(0, true, null, null, TpmHash.SHA256);
        return Stream.of(
                Arguments.of(new FlavorTemplate(null, " ", List.of(), Map.of(FlavorPart.OS,
                        new FlavorTemplate.PartRules(List.of(ok)))), "label: is required"),
                Arguments.of(new FlavorTemplate(null, "x", List.of(), Map.of()), "flavor_parts: needs at least one part"),
                Arguments.of(template(List.of(new Condition(HostField.OS_NAME, List.of("a"), "b", null)), FlavorPart.OS, ok),
                        "condition[0]: needs exactly one of one_of, starts_with, present"),
                Arguments.of(template(List.of(new Condition(null, null, null, true)), FlavorPart.OS, ok),
                        "condition[0].field: is required"),
                Arguments.of(template(List.of(new Condition(HostField.OS_NAME, List.of(), null, null)), FlavorPart.OS, ok),
                        "condition[0].one_of: must not be empty"),
                Arguments.of(template(List.of(), FlavorPart.OS, rule(24, true, null, null, TpmHash.SHA256)),
                        "flavor_parts.OS.pcr_rules[0].pcr.index: must be 0..23"),
                Arguments.of(template(List.of(), FlavorPart.OS, ok, ok),
                        "flavor_parts.OS.pcr_rules[1].pcr.index: PCR 0 has two rules in this part"),
                Arguments.of(template(List.of(), FlavorPart.OS, rule(0, true, null, null)),
                        "flavor_parts.OS.pcr_rules[0].pcr.bank: needs one or more distinct banks"),
                Arguments.of(template(List.of(), FlavorPart.OS, rule(0, false, null, null, TpmHash.SHA256)),
                        "flavor_parts.OS.pcr_rules[0]: needs pcr_matches, eventlog_equals or eventlog_includes"),
                Arguments.of(template(List.of(), FlavorPart.OS, rule(0, false, null, List.of(), TpmHash.SHA256)),
                        "flavor_parts.OS.pcr_rules[0].eventlog_includes: must name at least one tag"),
                Arguments.of(template(List.of(), FlavorPart.OS, rule(0, false, null, List.of("a\u0000"), TpmHash.SHA256)),
                        "flavor_parts.OS.pcr_rules[0].eventlog_includes: must not contain NUL characters"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("invalidTemplates")
    void validateWhenTemplateMalformedThenNamesField(FlavorTemplate template, String message) {
        assertThatThrownBy(() -> TemplateValidator.validate(template))
                .isInstanceOf(InvalidTemplateException.class).hasMessage(message);
    }

    @Test
    void fromHostWhenNoTemplateAppliesThenRefusedNamingHost() {
        HostManifest legacy = gce().hostInfo(GceManifests.hostInfo().secureBoot(null).build()).build();

        assertThatThrownBy(() -> factory.fromHost(legacy, List.of(DEFAULT), Set.of(), TestFlavors.T0))
                .isInstanceOf(FlavorCreationException.class)
                .hasMessageStartingWith("none of the flavor templates [default-linux-uefi] applies to host gce-cos-85");
    }

    @Test
    void fromHostWhenPartialPartsThenOnlyThose() {
        List<Flavor> flavors = factory.fromHost(gce().build(), List.of(DEFAULT), Set.of(FlavorPart.OS), TestFlavors.T0);

        assertThat(flavors).extracting(Flavor::part).containsExactly(FlavorPart.OS);
        assertThat(flavors.getFirst().meta().description().osName()).isEqualTo("Container-Optimized OS");
        assertThat(flavors.getFirst().meta().description().label()).startsWith("OS_gce-cos-85_20250101T000000Z_");
        assertThat(flavors.getFirst().meta().description().flavorTemplateIds()).containsExactly(DEFAULT.id());
    }

    @Test
    void fromHostWhenPartNotInTemplatesThenRefused() {
        assertThatThrownBy(() -> factory.fromHost(gce().build(), List.of(DEFAULT), Set.of(FlavorPart.SOFTWARE),
                TestFlavors.T0)).isInstanceOf(FlavorCreationException.class)
                .hasMessage("the applicable templates [default-linux-uefi] define no rules for [SOFTWARE]");
    }

    @Test
    void fromHostWhenOnlySha256QuotedThenFallsBackToSha256() {
        List<Flavor> flavors = factory.fromHost(gce().banks(TpmHash.SHA256).build(), List.of(DEFAULT),
                Set.of(FlavorPart.PLATFORM), TestFlavors.T0);

        assertThat(flavors.getFirst().pcrs()).allSatisfy(p -> assertThat(p.pcr().bank()).isEqualTo(TpmHash.SHA256));
        assertThat(flavors.getFirst().pcrs().getFirst().measurement()).isEqualTo(GceManifests.pcr(TpmHash.SHA256, 0));
    }

    @Test
    void fromHostWhenOnlySha1QuotedThenRefusedNamingBanks() {
        assertThatThrownBy(() -> factory.fromHost(gce().banks(TpmHash.SHA1).build(), List.of(DEFAULT),
                Set.of(FlavorPart.PLATFORM), TestFlavors.T0)).isInstanceOf(FlavorCreationException.class)
                .hasMessage("PLATFORM PCR 0: the host quoted none of the banks [SHA384, SHA256] in which its event log"
                        + " has digests");
    }

    @Test
    void fromHostWhenEventOfPcr0ChangedThenRefusedWithReplayMismatch() {
        assertThatThrownBy(() -> factory.fromHost(gce().eventLog(GceManifests.eventLogWithChangedEvent(0, TpmHash.SHA384))
                .build(), List.of(DEFAULT), Set.of(FlavorPart.PLATFORM), TestFlavors.T0))
                .isInstanceOf(FlavorCreationException.class)
                .hasMessageStartingWith("PLATFORM PCR 0 (SHA384): events cannot be taken: the event log does not replay to"
                        + " the quote: PCR0 (sha384): quoted "
                        + GceManifests.pcr(TpmHash.SHA384, 0));
    }

    @Test
    void fromHostWhenNoEventLogThenRefused() {
        assertThatThrownBy(() -> factory.fromHost(gce().eventLog(null).build(), List.of(DEFAULT),
                Set.of(FlavorPart.OS), TestFlavors.T0)).isInstanceOf(FlavorCreationException.class)
                .hasMessage("OS PCR 4: the host quoted none of the banks [SHA384, SHA256] in which its event log has digests");
    }

    @Test
    void fromHostWhenTwoTemplatesThenRulesMergedAndIncludesTakeTaggedEvents() {
        FlavorTemplate keys = template(List.of(new Condition(HostField.TPM_VERSION, List.of("2.0"), null, null)),
                FlavorPart.PLATFORM, rule(7, false, null, List.of("db", "KEK"), TpmHash.SHA256),
                rule(14, true, null, null, TpmHash.SHA256));
        FlavorTemplate other = template(List.of(new Condition(HostField.OS_NAME, List.of("Ubuntu"), null, null)),
                FlavorPart.PLATFORM, rule(15, true, null, null, TpmHash.SHA256));

        Flavor platform = factory.fromHost(gce().build(), List.of(DEFAULT, keys, other), Set.of(FlavorPart.PLATFORM),
                TestFlavors.T0).getFirst();

        assertThat(platform.pcrs()).extracting(p -> p.pcr().index()).containsExactly(0, 2, 7, 14);
        FlavorPcr pcr7 = platform.pcrs().get(2);
        assertThat(pcr7.pcr().bank()).as("SHA384 preferred by the default template").isEqualTo(TpmHash.SHA384);
        assertThat(pcr7.pcrMatches()).isTrue();
        assertThat(pcr7.eventlogEquals()).isNotNull();
        // the db variable itself and the db entries that verified loaded images (EV_EFI_VARIABLE_AUTHORITY)
        assertThat(pcr7.eventlogIncludes()).extracting(EventLogEntry::tags).containsOnly(List.of("KEK"), List.of("db"))
                .startsWith(List.of("KEK"), List.of("db"));
        assertThat(pcr7.eventlogIncludes()).extracting(EventLogEntry::typeName)
                .contains("EV_EFI_VARIABLE_DRIVER_CONFIG", "EV_EFI_VARIABLE_AUTHORITY");
        assertThat(platform.meta().description().flavorTemplateIds()).containsExactly(DEFAULT.id(), keys.id());
    }

    @Test
    void fromHostWhenIncludedTagNotInLogThenRefused() {
        FlavorTemplate vmlinuz = template(List.of(), FlavorPart.OS, rule(4, false, null, List.of("vmlinuz"),
                TpmHash.SHA256));

        assertThatThrownBy(() -> factory.fromHost(gce().build(), List.of(vmlinuz), Set.of(), TestFlavors.T0))
                .isInstanceOf(FlavorCreationException.class)
                .hasMessage("OS PCR 4 (SHA256): no verified event carries the tag 'vmlinuz' that eventlog_includes asks for");
    }

    @Test
    void fromHostWhenExcludingTagsThenExcludedEventsLeftOut() {
        FlavorTemplate noDbx = template(List.of(), FlavorPart.PLATFORM,
                rule(7, true, new PcrRule.EventLogEquals(List.of("dbx")), null, TpmHash.SHA256));

        FlavorPcr pcr7 = factory.fromHost(gce().build(), List.of(noDbx), Set.of(), TestFlavors.T0).getFirst().pcrs().getFirst();

        assertThat(pcr7.eventlogEquals().excludeTags()).containsExactly("dbx");
        assertThat(pcr7.eventlogEquals().events()).extracting(EventLogEntry::tags).contains(List.of("db"))
                .doesNotContain(List.of("dbx"));
    }
}
