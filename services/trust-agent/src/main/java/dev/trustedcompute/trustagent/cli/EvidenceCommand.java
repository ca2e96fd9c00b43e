package dev.trustedcompute.trustagent.cli;

import dev.trustedcompute.tpmquote.EvidenceFormatException;
import dev.trustedcompute.tpmquote.ExpectedReportData;
import dev.trustedcompute.tpmquote.RuntimeDataHash;
import dev.trustedcompute.tpmquote.TrusteeRuntimeData;
import dev.trustedcompute.tpmquote.tpm.TpmHash;
import dev.trustedcompute.trustagent.AgentContext;
import dev.trustedcompute.trustagent.AgentException;
import dev.trustedcompute.trustagent.Failure;
import dev.trustedcompute.trustagent.evidence.TrusteeSnpEvidence;
import dev.trustedcompute.trustagent.evidence.TrusteeTpmEvidence;
import dev.trustedcompute.trustagent.tee.Tee;
import dev.trustedcompute.trustagent.tee.SnpCollector;
import dev.trustedcompute.trustagent.tee.TdxCollector;
import dev.trustedcompute.trustagent.tpm.AgentTpm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "evidence", description = {
        "Print evidence in Trustee's format (for a KBS: /kbs/v0/attest or the /attestation route).",
        "Report data: SHA-256 of --nonce; --report-data as given (a 32-, 48- or 64-byte digest); or, for a KBS",
        "challenge, --kbs-nonce with --tee-pubkey: SHA-384 of the RFC 8785 runtime data the KBS recomputes.",
        "tpm: quote of all 24 SHA-256 PCRs, extraData = first 32 bytes of the report data (Trustee's resize).",
        "tdx: TD quote with the report data zero-padded to 64 bytes, plus the CCEL event log.",
        "snp: attestation report (report data zero-padded to 64 bytes) and the host's certificate table."})
final class EvidenceCommand implements Callable<Integer> {

    @Mixin
    AgentOptions options;

    @Spec
    CommandSpec spec;

    @Option(names = "--tee", required = true, paramLabel = "TEE", description = "tpm, tdx or snp")
    String tee;

    @ArgGroup(multiplicity = "1")
    ReportData reportData;

    /** Where the report data comes from: exactly one of a nonce, a digest, or a KBS challenge. */
    static final class ReportData {
        @Option(names = "--nonce", paramLabel = "B64", description = "Nonce, base64; report data = SHA-256(nonce)")
        String nonce;

        @Option(names = "--report-data", paramLabel = "B64", description = "Report data, base64 (32, 48 or 64 bytes)")
        String reportData;

        @ArgGroup(exclusive = false)
        KbsChallenge kbs;

        byte[] digest() throws AgentException {
            if (nonce != null) {
                return TpmHash.SHA256.digest(Inputs.base64("--nonce", nonce, Inputs.MIN_NONCE_BYTES));
            }
            if (kbs != null) {
                return kbs.runtimeDataDigest();
            }
            byte[] given = Inputs.base64("--report-data", reportData, 1);
            if (given.length != 32 && given.length != 48 && given.length != 64) {
                throw new AgentException(Failure.BAD_INPUT, "--report-data must be 32, 48 or 64 bytes, not "
                        + given.length);
            }
            return given;
        }
    }

    /**
     * A KBS challenge: the report data is Trustee's runtime-data digest, SHA-384 of the RFC 8785 form of
     * {@code {"tee-pubkey":<JWK>,"nonce":<nonce>,"additional-evidence":""}}, as the KBS recomputes it.
     */
    static final class KbsChallenge {
        @Option(names = "--kbs-nonce", required = true, paramLabel = "NONCE",
                description = "The KBS challenge's nonce, as received")
        String nonce;

        @Option(names = "--tee-pubkey", required = true, paramLabel = "JWK-FILE",
                description = "The workload's public key (JWK JSON) to send as tee-pubkey")
        Path teePubkey;

        byte[] runtimeDataDigest() throws AgentException {
            try {
                return TrusteeRuntimeData.digest(RuntimeDataHash.SHA384,
                        TrusteeRuntimeData.primary(nonce, Files.readAllBytes(teePubkey), ""));
            } catch (IOException e) {
                throw new AgentException(Failure.BAD_INPUT, "cannot read --tee-pubkey " + teePubkey + ": " + e, e);
            } catch (EvidenceFormatException e) {
                throw new AgentException(Failure.BAD_INPUT, "--tee-pubkey " + teePubkey + ": " + e.getMessage(), e);
            }
        }
    }

    @Override
    public Integer call() throws AgentException {
        Tee kind;
        try {
            kind = Tee.fromLabel(tee);
        } catch (IllegalArgumentException e) {
            throw new AgentException(Failure.BAD_INPUT, "--tee: " + e.getMessage());
        }
        // placed as Trustee's attesters place it: TPM the first 32 bytes, TDX zero-padded to 64
        ExpectedReportData.RuntimeDataDigest digest = new ExpectedReportData.RuntimeDataDigest(reportData.digest());
        AgentContext context = options.context();
        Object evidence = switch (kind) {
            case TPM -> {
                AgentTpm tpm = context.agentTpm();
                yield TrusteeTpmEvidence.collect(tpm, context.akManager(tpm).require(),
                        digest.placedFor(dev.trustedcompute.tpmquote.Tee.TPM));
            }
            case TDX -> {
                TdxCollector tdx = new TdxCollector(context.paths());
                Map<String, Object> json = new HashMap<>();
                json.put("quote", Base64.getEncoder().encodeToString(tdx.quote(digest.placedFor(dev.trustedcompute.tpmquote.Tee.TDX))));
                json.put("cc_eventlog", tdx.eventLog().map(Base64.getEncoder()::encodeToString).orElse(null));
                yield json;
            }
            case SNP -> {
                SnpCollector.SnpEvidence snp = new SnpCollector(context.paths())
                        .report(digest.placedFor(dev.trustedcompute.tpmquote.Tee.SNP));
                yield TrusteeSnpEvidence.of(snp.report(), snp.certificates());
            }
            case AZ_SNP_VTPM, AZ_TDX_VTPM -> throw new AgentException(Failure.BAD_INPUT, "evidence --tee " + tee
                    + " is not produced by this agent yet (tpm, tdx, snp)");
        };
        Output.json(spec.commandLine().getOut(), evidence);
        return 0;
    }
}
