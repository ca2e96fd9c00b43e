package dev.trustedcompute.trustagent;

/**
 * Failure classes of the agent, each with its CLI exit code and its code in a NATS
 * {@link dev.trustedcompute.agentprotocol.ProtocolError}. Exit codes 0 (success), 1 (a bug) and 2 (usage,
 * from picocli) are not listed here.
 */
public enum Failure {
    /** An option or a request value is invalid. */
    BAD_INPUT(2, "BAD_REQUEST"),
    /** The TPM device or simulator cannot be opened or reached. */
    TPM_UNAVAILABLE(3, "TPM_UNAVAILABLE"),
    /** The TPM refused or failed a command. */
    TPM_ERROR(3, "TPM_ERROR"),
    /** The TEE device or interface (TDX, SNP, Azure HCL report) is absent on this machine. */
    TEE_UNAVAILABLE(4, "TEE_UNAVAILABLE"),
    /** HVS cannot be reached, or answered with something that is not the contract. */
    HVS_UNREACHABLE(5, "HVS_UNREACHABLE"),
    /** HVS refused a request (for example a bad token or a failed credential activation). */
    HVS_REFUSED(5, "HVS_REFUSED"),
    /** The agent has not been onboarded (no AK, or no NATS credentials outside dev mode). */
    NOT_ONBOARDED(6, "NOT_ONBOARDED"),
    /** A file the agent needs (state, host information) is missing, unreadable or malformed. */
    LOCAL_STATE(7, "LOCAL_STATE");

    private final int exitCode;
    private final String protocolCode;

    Failure(int exitCode, String protocolCode) {
        this.exitCode = exitCode;
        this.protocolCode = protocolCode;
    }

    public int exitCode() {
        return exitCode;
    }

    public String protocolCode() {
        return protocolCode;
    }
}
