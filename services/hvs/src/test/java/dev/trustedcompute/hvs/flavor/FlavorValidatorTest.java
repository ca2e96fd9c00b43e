package dev.trustedcompute.hvs.flavor;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustedcompute.tpmquote.tpm.TpmHash;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FlavorValidatorTest {

    static final String SHA256 = "ab".repeat(32);

    static Flavor flavor(FlavorPart part, String label, String hardwareUuid, FlavorPcr... pcrs) {
        return new Flavor(new Flavor.Meta(UUID.randomUUID(), null, new Flavor.Description(part, label, null, null, null,
                null, null, null, hardwareUuid, null, null, null)), null, List.of(pcrs));
    }

    static FlavorPcr pcr(int index, String measurement) {
        return new FlavorPcr(new FlavorPcr.Pcr(index, TpmHash.SHA256), measurement, true, null, null);
    }

    static Stream<Arguments> invalid() {
        FlavorPcr ok = pcr(0, SHA256);
        EventLogEntry badType = new EventLogEntry("0x8000000", null, List.of(), SHA256);
        EventLogEntry shortDigest = new EventLogEntry("0x80000008", null, List.of(), "ab");
        return Stream.of(
                Arguments.of(flavor(FlavorPart.OS, null, null, ok), "meta.description.label: is required"),
                Arguments.of(flavor(FlavorPart.OS, "a\u0000b", null, ok),
                        "meta.description.label: must not contain NUL characters"),
                Arguments.of(flavor(FlavorPart.OS, "x".repeat(256), null, ok),
                        "meta.description.label: longer than 255 characters"),
                Arguments.of(flavor(FlavorPart.HOST_UNIQUE, "l", null, ok),
                        "meta.description.hardware_uuid: is required for HOST_UNIQUE flavors"),
                Arguments.of(flavor(FlavorPart.OS, "l", null), "pcrs: a flavor needs at least one PCR"),
                Arguments.of(flavor(FlavorPart.OS, "l", null, pcr(24, SHA256)), "pcrs[0].pcr.index: must be 0..23"),
                Arguments.of(flavor(FlavorPart.OS, "l", null, ok, ok), "pcrs[1].pcr: PCR 0 (SHA256) appears twice"),
                Arguments.of(flavor(FlavorPart.OS, "l", null, pcr(0, "ab".repeat(48))),
                        "pcrs[0].measurement: must be 32 bytes of lower-case hex"),
                Arguments.of(flavor(FlavorPart.OS, "l", null, pcr(0, "zz".repeat(32))),
                        "pcrs[0].measurement: must be 32 bytes of lower-case hex"),
                Arguments.of(flavor(FlavorPart.OS, "l", null, new FlavorPcr(ok.pcr(), SHA256, false, null, null)),
                        "pcrs[0]: needs pcr_matches, eventlog_equals or eventlog_includes"),
                Arguments.of(flavor(FlavorPart.OS, "l", null, new FlavorPcr(ok.pcr(), SHA256, false, null,
                        List.of(badType))), "pcrs[0].eventlog_includes[0].type_id: must be 0x followed by 8 hex digits"),
                Arguments.of(flavor(FlavorPart.OS, "l", null, new FlavorPcr(ok.pcr(), SHA256, false,
                        new FlavorPcr.EventLogEquals(List.of(shortDigest), null), null)),
                        "pcrs[0].eventlog_equals.events[0].measurement: must be 32 bytes of lower-case hex"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("invalid")
    void validateWhenFieldMalformedThenNamesIt(Flavor flavor, String message) {
        assertThatThrownBy(() -> FlavorValidator.validate(flavor)).isInstanceOf(InvalidFlavorException.class)
                .hasMessage(message);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.trustedcompute.hvs.flavor.FlavorValidatorTest#parts")
    void validateWhenWellFormedThenAccepted(FlavorPart part) {
        assertThatCode(() -> FlavorValidator.validate(flavor(part, "l", "4c4c4544-0042-3510-8052-b4c04f4a4e31",
                pcr(0, SHA256.toUpperCase())))).doesNotThrowAnyException();
    }

    static Stream<FlavorPart> parts() {
        return Stream.of(FlavorPart.values());
    }
}
