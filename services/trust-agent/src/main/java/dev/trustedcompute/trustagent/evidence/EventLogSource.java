package dev.trustedcompute.trustagent.evidence;

import dev.trustedcompute.trustagent.AgentException;
import dev.trustedcompute.trustagent.Failure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The firmware's TCG event log ({@code /sys/kernel/security/tpm0/binary_bios_measurements} unless configured
 * otherwise). Absent on machines without one (swtpm, some VMs); unreadable is an error (the agent lacks rights).
 */
public record EventLogSource(Path path) {

    /** The log's bytes; empty when the file does not exist or is empty. */
    public Optional<byte[]> read() throws AgentException {
        try {
            byte[] log = Files.readAllBytes(path);
            return log.length == 0 ? Optional.empty() : Optional.of(log);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new AgentException(Failure.LOCAL_STATE, "cannot read the TPM event log " + path + ": " + e, e);
        }
    }
}
