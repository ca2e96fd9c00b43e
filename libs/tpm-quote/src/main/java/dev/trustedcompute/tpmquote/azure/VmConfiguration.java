package dev.trustedcompute.tpmquote.azure;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * The {@code vm-configuration} object of the HCL runtime data: how Azure configured the confidential VM.
 * Every member is optional (older HCL versions omit some); only the members below are read, anything else
 * in the object is covered by the runtime-data hash but not interpreted.
 */
public record VmConfiguration(Optional<Boolean> secureBoot, Optional<Boolean> tpmEnabled,
                              Optional<Boolean> tpmPersisted, Optional<Boolean> consoleEnabled,
                              Optional<String> vmUniqueId, Optional<String> rootCertThumbprint,
                              OptionalLong currentTime) {
}
