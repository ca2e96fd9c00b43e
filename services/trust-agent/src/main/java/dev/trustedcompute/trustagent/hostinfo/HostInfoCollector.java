package dev.trustedcompute.trustagent.hostinfo;

import dev.trustedcompute.agentprotocol.HostInfo;
import dev.trustedcompute.trustagent.AgentException;
import dev.trustedcompute.trustagent.Failure;
import java.nio.file.Files;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Collects {@link HostInfo} from the files below {@link SystemPaths}: OS from os-release, kernel, host name and
 * boot id from /proc, BIOS and hardware UUID from DMI, Secure Boot from efivars, disk encryption from the mounts
 * and device-mapper. Self-reported facts: HVS trusts only what a quote or event log covers.
 */
public final class HostInfoCollector {

    private final SystemPaths paths;
    private final String agentVersion;

    public HostInfoCollector(SystemPaths paths, String agentVersion) {
        this.paths = paths;
        this.agentVersion = agentVersion;
    }

    /**
     * @param tees evidence kinds this node can produce ({@code tpm} first when the TPM answers)
     */
    public HostInfo collect(List<String> tees) throws AgentException {
        OsRelease os = osRelease();
        return new HostInfo(hostName(), hardwareUuid(), os.name(), os.versionId(),
                HostFiles.text(paths.kernelRelease()).orElse(null),
                HostFiles.text(paths.dmi("bios_vendor")).orElse(null),
                HostFiles.text(paths.dmi("bios_version")).orElse(null),
                secureBoot().orElse(null),
                new DiskEncryptionProbe(paths).probe().orElse(null),
                tees.contains("tpm") ? "2.0" : null,
                tees, bootId(), agentVersion);
    }

    /** The kernel's boot id: a new value means the node rebooted. */
    public String bootId() throws AgentException {
        return HostFiles.text(paths.bootId()).orElseThrow(() -> new AgentException(Failure.LOCAL_STATE,
                "no boot id at " + paths.bootId()));
    }

    public String hostName() throws AgentException {
        return HostFiles.text(paths.hostName()).filter(s -> !s.isEmpty()).orElseThrow(() -> new AgentException(
                Failure.LOCAL_STATE, "no host name at " + paths.hostName()));
    }

    /** SMBIOS system UUID, lower case; readable by root only on most systems. */
    public String hardwareUuid() throws AgentException {
        return HostFiles.text(paths.dmi("product_uuid")).filter(s -> !s.isEmpty())
                .map(s -> s.toLowerCase(Locale.ROOT))
                .orElseThrow(() -> new AgentException(Failure.LOCAL_STATE, "no hardware UUID at "
                        + paths.dmi("product_uuid") + " (DMI is missing, or the agent is not running as root)"));
    }

    private OsRelease osRelease() throws AgentException {
        Optional<String> text = HostFiles.text(paths.osRelease());
        if (text.isEmpty()) {
            text = HostFiles.text(paths.osReleaseVendor());
        }
        return OsRelease.parse(text.orElse(""));
    }

    /**
     * The SecureBoot EFI variable: 4 bytes of attributes, then one byte (1 = enforcing). Empty on a non-UEFI
     * system; false on UEFI firmware without the variable (no Secure Boot support).
     */
    private Optional<Boolean> secureBoot() throws AgentException {
        if (!Files.isDirectory(paths.efi())) {
            return Optional.empty();
        }
        Optional<byte[]> variable = HostFiles.bytes(paths.secureBootVariable());
        if (variable.isEmpty()) {
            return Optional.of(false);
        }
        byte[] v = variable.get();
        if (v.length != 5) {
            throw new AgentException(Failure.LOCAL_STATE, paths.secureBootVariable() + " holds " + v.length
                    + " bytes, expected 4 bytes of attributes and 1 byte of value");
        }
        return Optional.of(v[4] == 1);
    }
}
