package dev.trustedcompute.hvs.template;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.trustedcompute.agentprotocol.HostInfo;
import java.util.List;

/** The host-info fields a template condition can test (names as in the agent's {@code HostInfo} JSON, snake case). */
public enum HostField {
    @JsonProperty("os_name") OS_NAME,
    @JsonProperty("os_version") OS_VERSION,
    @JsonProperty("kernel_version") KERNEL_VERSION,
    @JsonProperty("bios_vendor") BIOS_VENDOR,
    @JsonProperty("bios_version") BIOS_VERSION,
    /** {@code true}/{@code false} on UEFI hosts; absent on legacy BIOS hosts. */
    @JsonProperty("secure_boot_enabled") SECURE_BOOT_ENABLED,
    @JsonProperty("tpm_version") TPM_VERSION,
    /** Several values: {@code tpm}, {@code tdx}, {@code snp}, ... */
    @JsonProperty("tees") TEES,
    @JsonProperty("hardware_uuid") HARDWARE_UUID;

    /** The field's values on {@code host}: empty when absent, several for {@link #TEES}. */
    public List<String> values(HostInfo host) {
        String single = switch (this) {
            case OS_NAME -> host.osName();
            case OS_VERSION -> host.osVersion();
            case KERNEL_VERSION -> host.kernelVersion();
            case BIOS_VENDOR -> host.biosVendor();
            case BIOS_VERSION -> host.biosVersion();
            case SECURE_BOOT_ENABLED -> host.secureBootEnabled() == null ? null : host.secureBootEnabled().toString();
            case TPM_VERSION -> host.tpmVersion();
            case HARDWARE_UUID -> host.hardwareUuid();
            case TEES -> null;
        };
        if (this == TEES) {
            return host.tees();
        }
        return single == null ? List.of() : List.of(single);
    }
}
