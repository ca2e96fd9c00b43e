package dev.trustedcompute.hvs.rules;

/**
 * Judges a host's verified evidence against the flavors of its flavor groups. HVS's verification worker calls
 * it after checking the quote (AK, signature, nonce, PCR digest) and writes the verdict into the signed report.
 *
 * <p>Never throws for bad evidence or bad flavors: those become {@link TrustVerdict.Fault}s (all of them, not the
 * first). When one of the host's groups has the golden-after-reboot option and {@code manifest} is the first
 * evidence after a TPM reset, the evaluator stores flavors made from it before judging
 * ({@link TrustVerdict#goldenFromReboot()}).
 */
public interface TrustEvaluator {

    TrustVerdict evaluate(HostManifest manifest);
}
