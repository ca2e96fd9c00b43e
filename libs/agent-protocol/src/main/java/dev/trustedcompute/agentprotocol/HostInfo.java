package dev.trustedcompute.agentprotocol;

import java.util.List;

/**
 * What the agent reports about its node ({@code trust-agent.<hostId>.host-info-request} and in every
 * {@link Evidence}). Self-reported: only what a quote or event log covers is trusted by HVS.
 *
 * @param hostName          the node's host name
 * @param hardwareUuid      SMBIOS system UUID (from DMI)
 * @param secureBootEnabled from the SecureBoot EFI variable; null when not a UEFI system
 * @param tees              evidence kinds the node can produce: {@code tpm}, {@code tdx}, {@code snp},
 *                          {@code az-snp-vtpm}, {@code az-tdx-vtpm}
 * @param bootId            the kernel's boot id; a new one means a reboot
 */
public record HostInfo(String hostName, String hardwareUuid, String osName, String osVersion, String kernelVersion,
                       String biosVendor, String biosVersion, Boolean secureBootEnabled,
                       DiskEncryption diskEncryption, String tpmVersion, List<String> tees, String bootId,
                       String agentVersion) {
    public HostInfo {
        Fields.required("hostInfo.hostName", hostName);
        Fields.required("hostInfo.hardwareUuid", hardwareUuid);
        tees = tees == null ? List.of() : List.copyOf(tees);
    }
}
