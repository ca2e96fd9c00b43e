package dev.trustedcompute.trustagent;

import dev.trustedcompute.agentprotocol.HostId;
import dev.trustedcompute.trustagent.ak.AkManager;
import dev.trustedcompute.trustagent.evidence.EventLogSource;
import dev.trustedcompute.trustagent.hostinfo.HostInfoCollector;
import dev.trustedcompute.trustagent.hostinfo.SystemPaths;
import dev.trustedcompute.trustagent.state.OnboardingRecord;
import dev.trustedcompute.trustagent.state.StateDirectory;
import dev.trustedcompute.trustagent.tee.Tee;
import dev.trustedcompute.trustagent.tee.TeeDetector;
import dev.trustedcompute.trustagent.tpm.AgentTpm;
import dev.trustedcompute.trustagent.tpm.TpmEndpoint;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * The agent's parts for one process, built from its settings: state directory, TPM, host paths. Shared by the CLI
 * commands and the daemon so both see the node the same way.
 *
 * @param stateDir directory of the AK record, onboarding record, NATS credentials and push history
 * @param tpm      the TPM to use
 * @param akHandle persistent handle of the AK
 * @param paths    where host facts are read (root {@code /} on a node)
 * @param eventLog the TCG event log file
 */
public record AgentContext(Path stateDir, TpmEndpoint tpm, int akHandle, SystemPaths paths, Path eventLog) {

    /** The agent's version, from the jar. */
    public static final String VERSION = version();

    public StateDirectory state() throws AgentException {
        return StateDirectory.open(stateDir);
    }

    public AgentTpm agentTpm() {
        return new AgentTpm(tpm);
    }

    public AkManager akManager(AgentTpm agentTpm) throws AgentException {
        return new AkManager(agentTpm, state());
    }

    public HostInfoCollector hostInfo() {
        return new HostInfoCollector(paths, VERSION);
    }

    public EventLogSource eventLogSource() {
        return new EventLogSource(eventLog);
    }

    public List<Tee> detectTees(AgentTpm agentTpm) {
        return new TeeDetector(paths, agentTpm).detect();
    }

    public Optional<OnboardingRecord> onboarding() throws AgentException {
        return state().readJson(OnboardingRecord.FILE, OnboardingRecord.class);
    }

    /**
     * The host id: the explicit one, else the one HVS registered at onboarding, else the host name made into a
     * subject token (dots and other characters outside [A-Za-z0-9_-] become '-').
     */
    public HostId hostId(Optional<String> explicit) throws AgentException {
        try {
            if (explicit.isPresent()) {
                return HostId.of(explicit.get());
            }
            Optional<OnboardingRecord> onboarded = onboarding();
            if (onboarded.isPresent()) {
                return HostId.of(onboarded.get().hostId());
            }
            String name = hostInfo().hostName().replaceAll("[^A-Za-z0-9_-]", "-");
            return HostId.of(name.length() > 64 ? name.substring(0, 64) : name);
        } catch (IllegalArgumentException e) {
            throw new AgentException(Failure.BAD_INPUT, e.getMessage() + " (pass --host-id)", e);
        }
    }

    private static String version() {
        Properties p = new Properties();
        try (InputStream in = AgentContext.class.getResourceAsStream("/trust-agent.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // only the version string is lost
        }
        return p.getProperty("version", "unknown");
    }
}
