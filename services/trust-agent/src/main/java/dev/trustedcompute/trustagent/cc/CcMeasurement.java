package dev.trustedcompute.trustagent.cc;

/**
 * The value of one measurement register: a TPM PCR (index 0..23) or a TDX register by CC MR index
 * (0 = MRTD, 1..4 = RTMR0..3).
 *
 * @param index     register index
 * @param algorithm digest algorithm, lower case as tpm2-tools prints it ({@code sha256}, {@code sha384})
 * @param digest    lower-case hex
 */
public record CcMeasurement(int index, String algorithm, String digest) {
}
