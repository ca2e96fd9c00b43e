package dev.trustedcompute.tpmquote;

import dev.trustedcompute.tpmquote.azure.VerifiedAzureVtpm;
import dev.trustedcompute.tpmquote.ccel.VerifiedCcEvents;
import dev.trustedcompute.tpmquote.eventlog.SecureBootState;
import dev.trustedcompute.tpmquote.eventlog.VerifiedEvents;
import dev.trustedcompute.tpmquote.snp.VerifiedSnpReport;
import dev.trustedcompute.tpmquote.tdx.VerifiedTdxQuote;
import dev.trustedcompute.tpmquote.tpm.AkPublic;
import dev.trustedcompute.tpmquote.tpm.QuotedPcrs;
import java.util.Objects;
import java.util.Optional;

/**
 * Typed results of a successful verification, one record per {@link Tee}; every value in them was checked.
 * Switch over it when you need more than {@link VerifiedClaims#flat()}:
 * <pre>{@code
 * switch (claims.typed()) {
 *     case TeeClaims.Tpm t -> t.pcrs().value(TpmHash.SHA256, 7);
 *     case TeeClaims.Snp s -> s.report().measurement();
 *     case TeeClaims.Tdx t -> t.quote().mrTd();
 *     case TeeClaims.AzureVtpm a -> a.vtpm().pcrs().value(TpmHash.SHA256, 11);
 * }
 * }</pre>
 */
public sealed interface TeeClaims {

    /**
     * @param pcrs       the PCR values the quote proves (every bank it selects)
     * @param ak         the pinned AK that signed the quote
     * @param events     the event-log events the quoted PCRs vouch for, when a log was sent
     * @param secureBoot the Secure Boot state read from those events, when a log was sent
     */
    record Tpm(QuotedPcrs pcrs, AkPublic ak, Optional<VerifiedEvents> events, Optional<SecureBootState> secureBoot)
            implements TeeClaims {
        public Tpm {
            Objects.requireNonNull(pcrs, "pcrs");
            Objects.requireNonNull(ak, "ak");
            Objects.requireNonNull(events, "events");
            Objects.requireNonNull(secureBoot, "secureBoot");
        }
    }

    /** @param report the verified report with its product, signing key and TCB levels */
    record Snp(VerifiedSnpReport report) implements TeeClaims {
        public Snp {
            Objects.requireNonNull(report, "report");
        }
    }

    /**
     * @param quote  the verified quote with its TCB verdict (when collateral was given)
     * @param events the CCEL events that replay to the quoted RTMRs, when a log was sent
     */
    record Tdx(VerifiedTdxQuote quote, Optional<VerifiedCcEvents> events) implements TeeClaims {
        public Tdx {
            Objects.requireNonNull(quote, "quote");
            Objects.requireNonNull(events, "events");
        }
    }

    /**
     * @param vtpm the verified Azure vTPM evidence: hardware report ({@code az-snp-vtpm} SEV-SNP report or
     *             {@code az-tdx-vtpm} TD quote), runtime data and the PCRs of the vTPM quote
     */
    record AzureVtpm(VerifiedAzureVtpm vtpm) implements TeeClaims {
        public AzureVtpm {
            Objects.requireNonNull(vtpm, "vtpm");
        }
    }
}
