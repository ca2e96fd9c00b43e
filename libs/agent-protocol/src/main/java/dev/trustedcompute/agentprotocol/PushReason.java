package dev.trustedcompute.agentprotocol;

/** Why an agent pushes evidence on its own. */
public enum PushReason {
    /** First push after the node booted (new boot id or TPM reset count). */
    BOOT,
    /** The periodic push every pollDuration. */
    SCHEDULE,
    /** Asked for by an operator through the agent CLI. */
    MANUAL
}
