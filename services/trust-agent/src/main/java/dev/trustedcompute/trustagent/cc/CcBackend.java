package dev.trustedcompute.trustagent.cc;

import dev.trustedcompute.tpmquote.eventlog.DigestAlgorithm;
import dev.trustedcompute.tpmquote.eventlog.TcgEvent;
import java.util.List;
import java.util.Set;

/**
 * Where the CC Trusted API reads measurements, event log and reports: the node's TPM, the TDX module, or an Azure
 * confidential VM's vTPM with its HCL report. Inputs are
 * already validated by {@link CcTrustedApi} (index in range, algorithm in {@link #algorithms()}).
 */
public sealed interface CcBackend permits TpmCcBackend, TdxCcBackend, AzureVtpmCcBackend {

    /** {@code tpm}, {@code tdx}, {@code az-snp-vtpm} or {@code az-tdx-vtpm}. */
    String ccType();

    /** The algorithm of {@code get_default_algorithm} (and of a measurement asked for without one). */
    DigestAlgorithm defaultAlgorithm();

    /** Algorithms a measurement may be asked for. */
    Set<DigestAlgorithm> algorithms();

    /** 24 PCRs, or MRTD + 4 RTMRs. */
    int measurementCount();

    /** Whether events logged at {@code index} are extended into that register at run time (replayable). */
    boolean replays(long index);

    CcMeasurement measurement(int index, DigestAlgorithm algorithm) throws CcException;

    /** Every event of the log, in order (unverified: the caller verifies against a report). */
    List<TcgEvent> events() throws CcException;

    /** A quote binding nonce and user data (sizes already checked), as {@link CcReport} documents. */
    CcReport report(byte[] nonce, byte[] userData) throws CcException;
}
