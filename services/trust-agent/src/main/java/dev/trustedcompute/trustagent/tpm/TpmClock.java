package dev.trustedcompute.trustagent.tpm;

/**
 * The TPM's reset and restart counters (TPM2_ReadClock). {@code resetCount} goes up on every TPM2_Startup(CLEAR),
 * that is on every host reboot, which makes it a boot detector that a guest cannot rewind.
 */
public record TpmClock(long resetCount, long restartCount) {
}
