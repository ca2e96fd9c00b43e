package dev.trustedcompute.tpmquote;

import dev.trustedcompute.tpmquote.eventlog.EventLog;
import dev.trustedcompute.tpmquote.tpm.AkPublic;
import dev.trustedcompute.tpmquote.tpm.PcrBank;
import dev.trustedcompute.tpmquote.tpm.TpmHash;
import dev.trustedcompute.tpmquote.tpm.TpmsAttest;
import dev.trustedcompute.tpmquote.tpm.TpmtSignature;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * TPM 2.0 evidence: a TPM2_Quote (TPMS_ATTEST and TPMT_SIGNATURE as the TPM returned them), the PCR values the
 * attester claims for each quoted bank, and optionally the TCG event log.
 *
 * @param quote      the signed TPMS_ATTEST ({@code tpm2_quote -m}; Trustee {@code tpm_quote.message})
 * @param signature  the TPMT_SIGNATURE over it ({@code -s}; Trustee {@code tpm_quote.signature})
 * @param pcrs       one {@link PcrBank} per bank the quote selects, at most one per hash algorithm
 * @param eventLog   the boot event log, replayed against the quoted PCRs when present
 * @param attesterAk the AK the attester says it used (Trustee {@code ak_public}). <b>Never trusted</b>: the
 *                   verifier uses the pinned AK from {@link Expectations} and only compares this one with it to
 *                   report a precise {@link Reason#KEY_MISMATCH}
 */
public record TpmEvidence(TpmsAttest quote, TpmtSignature signature, List<PcrBank> pcrs, Optional<EventLog> eventLog,
                          Optional<AkPublic> attesterAk) implements Evidence {

    public TpmEvidence {
        Objects.requireNonNull(quote, "quote");
        Objects.requireNonNull(signature, "signature");
        Objects.requireNonNull(eventLog, "eventLog");
        Objects.requireNonNull(attesterAk, "attesterAk");
        pcrs = List.copyOf(pcrs);
        if (pcrs.isEmpty()) {
            throw new IllegalArgumentException("at least one PCR bank is required");
        }
        Set<TpmHash> seen = new HashSet<>();
        for (PcrBank bank : pcrs) {
            if (!seen.add(bank.hash())) {
                throw new IllegalArgumentException("PCR bank " + bank.hash().label() + " given twice");
            }
        }
    }

    @Override
    public Tee tee() {
        return Tee.TPM;
    }
}
