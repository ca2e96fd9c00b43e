package dev.trustedcompute.tpmquote.tpm;

/**
 * TPMS_CLOCK_INFO (TPM 2.0 Part 2 §10.11.1):
 * <pre>
 * UINT64      clock;         // ms the TPM has been powered since its last clear; not a wall clock
 * UINT32      resetCount;    // TPM2_Startup(CLEAR) count: a change means the host rebooted
 * UINT32      restartCount;  // resumes since the last reset
 * TPMI_YES_NO safe;          // 1 if clock has not gone backwards
 * </pre>
 * {@code clock} is unsigned on the wire; values above {@link Long#MAX_VALUE} appear negative here.
 */
public record ClockInfo(long clock, long resetCount, long restartCount, boolean safe) {
}
