package dev.trustedcompute.tpmquote.azure;

import dev.trustedcompute.tpmquote.snp.VerifiedSnpReport;
import dev.trustedcompute.tpmquote.tdx.VerifiedTdxQuote;

/** The hardware root of a verified Azure vTPM: the SEV-SNP report or the TD quote, as its verifier returned it. */
public sealed interface VerifiedHardware permits VerifiedHardware.Snp, VerifiedHardware.Tdx {

    record Snp(VerifiedSnpReport report) implements VerifiedHardware {
    }

    record Tdx(VerifiedTdxQuote quote) implements VerifiedHardware {
    }
}
