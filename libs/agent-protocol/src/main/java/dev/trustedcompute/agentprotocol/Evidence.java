package dev.trustedcompute.agentprotocol;

/**
 * A node's TPM evidence: quote, event log and host info.
 *
 * @param hostId   the agent's host id (HVS checks it against the subject and the pinned AK)
 * @param eventLog base64 of the TCG PC Client event log ({@code binary_bios_measurements}); null when not
 *                 requested or not available
 */
public record Evidence(String hostId, TpmQuote quote, String eventLog, HostInfo hostInfo) {
    public Evidence {
        HostId.of(Fields.required("hostId", hostId));
        Fields.required("quote", quote);
        Fields.required("hostInfo", hostInfo);
        if (eventLog != null) {
            Fields.base64("eventLog", eventLog, 1);
        }
    }
}
