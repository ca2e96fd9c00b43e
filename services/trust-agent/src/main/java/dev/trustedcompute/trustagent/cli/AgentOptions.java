package dev.trustedcompute.trustagent.cli;

import dev.trustedcompute.trustagent.AgentContext;
import dev.trustedcompute.trustagent.AgentException;
import dev.trustedcompute.trustagent.hostinfo.SystemPaths;
import dev.trustedcompute.trustagent.tpm.TpmEndpoint;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options every command shares; each has an environment variable for containers and systemd units. */
final class AgentOptions {

    @Option(names = "--state-dir", paramLabel = "DIR", defaultValue = "${env:TC_AGENT_STATE_DIR:-/var/lib/trust-agent}",
            description = "State directory (AK record, onboarding, NATS credentials), created 0700. "
                    + "Env TC_AGENT_STATE_DIR. Default: ${DEFAULT-VALUE}")
    Path stateDir;

    @Option(names = "--tpm", paramLabel = "TCTI", defaultValue = "${env:TC_AGENT_TPM:-device:/dev/tpmrm0}",
            description = "TPM: device:<path> or swtpm:host=<host>,port=<port>. Env TC_AGENT_TPM. Default: ${DEFAULT-VALUE}")
    String tpm;

    @Option(names = "--ak-handle", paramLabel = "HANDLE", defaultValue = "${env:TC_AGENT_AK_HANDLE:-0x81018000}",
            converter = HandleConverter.class,
            description = "Persistent handle of the AK. Env TC_AGENT_AK_HANDLE. Default: ${DEFAULT-VALUE}")
    int akHandle;

    @Option(names = "--root", paramLabel = "DIR", defaultValue = "${env:TC_AGENT_ROOT:-/}",
            description = "Root of the host's /etc, /proc, /sys and /dev (e.g. /host in a container). "
                    + "Env TC_AGENT_ROOT. Default: ${DEFAULT-VALUE}")
    Path root;

    @Option(names = "--event-log", paramLabel = "FILE", defaultValue = "${env:TC_AGENT_EVENT_LOG}",
            description = "TCG event log. Env TC_AGENT_EVENT_LOG. "
                    + "Default: <root>/sys/kernel/security/tpm0/binary_bios_measurements")
    Path eventLog;

    AgentContext context() throws AgentException {
        SystemPaths paths = new SystemPaths(root);
        return new AgentContext(stateDir, TpmEndpoint.parse(tpm), akHandle, paths,
                eventLog != null ? eventLog : paths.tpmEventLog());
    }

    /** Accepts 0x81018000 as well as decimal; persistent handles do not fit a signed int's positive range. */
    static final class HandleConverter implements picocli.CommandLine.ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            long handle = Long.decode(value);
            if (handle < 0 || handle > 0xFFFFFFFFL) {
                throw new picocli.CommandLine.TypeConversionException("'" + value + "' is not a 32-bit TPM handle");
            }
            return (int) handle;
        }
    }
}
