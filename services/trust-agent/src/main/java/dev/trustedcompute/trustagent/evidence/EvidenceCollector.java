package dev.trustedcompute.trustagent.evidence;

import dev.trustedcompute.agentprotocol.Evidence;
import dev.trustedcompute.agentprotocol.HostId;
import dev.trustedcompute.tpmquote.tpm.TpmHash;
import dev.trustedcompute.trustagent.AgentException;
import dev.trustedcompute.trustagent.ak.AttestationKey;
import dev.trustedcompute.trustagent.hostinfo.HostInfoCollector;
import dev.trustedcompute.trustagent.tpm.AgentTpm;
import dev.trustedcompute.trustagent.tpm.PcrRequest;
import dev.trustedcompute.trustagent.tpm.TpmQuoteResult;
import java.util.Base64;
import java.util.List;

/**
 * Builds the node's {@link Evidence}: a quote with the AK over the requested PCRs whose extraData binds the
 * verifier's nonce as SHA-256(nonce bytes) (the Intel SecL rule, see api-specs/asyncapi.yaml), the event log
 * when asked for, and the host info.
 */
public final class EvidenceCollector {

    private final AgentTpm tpm;
    private final AttestationKey ak;
    private final HostInfoCollector hostInfo;
    private final EventLogSource eventLog;
    private final List<String> tees;

    /**
     * @param tees evidence kinds this node offers, detected once at start ({@code tpm} first)
     */
    public EvidenceCollector(AgentTpm tpm, AttestationKey ak, HostInfoCollector hostInfo, EventLogSource eventLog,
                             List<String> tees) {
        this.tpm = tpm;
        this.ak = ak;
        this.hostInfo = hostInfo;
        this.eventLog = eventLog;
        this.tees = List.copyOf(tees);
    }

    /** The quote's extraData for a verifier nonce: SHA-256 of the nonce bytes. */
    private static byte[] qualifyingData(byte[] nonce) {
        return TpmHash.SHA256.digest(nonce);
    }

    public Evidence collect(HostId hostId, byte[] nonce, PcrRequest pcrs, boolean includeEventLog)
            throws AgentException {
        TpmQuoteResult quote = tpm.quote(ak.handle(), pcrs, qualifyingData(nonce));
        String log = includeEventLog
                ? eventLog.read().map(Base64.getEncoder()::encodeToString).orElse(null)
                : null;
        return new Evidence(hostId.value(), quote.toProtocol(), log, hostInfo.collect(tees));
    }

    public HostInfoCollector hostInfo() {
        return hostInfo;
    }

    public List<String> tees() {
        return tees;
    }
}
