package dev.trustedcompute.tpmquote.bench;

import dev.trustedcompute.tpmquote.EvidenceException;
import dev.trustedcompute.tpmquote.eventlog.EventLog;
import dev.trustedcompute.tpmquote.eventlog.SecureBootState;
import dev.trustedcompute.tpmquote.eventlog.VerifiedEvents;
import dev.trustedcompute.tpmquote.tpm.AkPublic;
import dev.trustedcompute.tpmquote.tpm.PcrBank;
import dev.trustedcompute.tpmquote.tpm.QuotedPcrs;
import dev.trustedcompute.tpmquote.tpm.TpmsAttest;
import dev.trustedcompute.tpmquote.tpm.TpmtSignature;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * HVS's TPM path on a real GCE vTPM capture (go-tpm-tools gce-cos-85-nonce9009: RSA-2048 AK, 24 SHA-256 PCRs,
 * 45-event crypto-agile log): quote verification, event-log parse + replay + Secure Boot, the whole pipeline, and
 * beside them the one RSASSA-PKCS1-v1_5/SHA-256 signature check the quote costs.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class TpmBenchmark {

    private static final String GCE = "A_tpm_quotes/go-tpm-tools/gce-cos-85-nonce9009/";
    private static final byte[] NONCE = HexFormat.of().parseHex("9009");

    private AkPublic ak;
    private byte[] attest;
    private byte[] signature;
    private byte[] rsaSignature;
    private PcrBank pcrs;
    private byte[] eventLog;
    private QuotedPcrs quoted;

    @Setup
    public void load() throws Exception {
        ak = AkPublic.parse(BenchEvidence.read(GCE + "ak_pub.tpmt_public.bin"));
        attest = BenchEvidence.read(GCE + "quote_sha256.tpms_attest.bin");
        signature = BenchEvidence.read(GCE + "quote_sha256.tpmt_signature.bin");
        rsaSignature = TpmtSignature.parse(signature).rsaSignature();
        pcrs = BenchEvidence.gcePcrs(GCE);
        eventLog = BenchEvidence.read(GCE + "event_log.bin");
        quoted = verifyQuote();
        replayEventLog();
    }

    /** Parse TPMS_ATTEST and TPMT_SIGNATURE, check signature, nonce, selection, PCR digest. */
    @Benchmark
    public QuotedPcrs verifyQuote() throws EvidenceException {
        return ak.verify(TpmsAttest.parse(attest), TpmtSignature.parse(signature), pcrs, NONCE);
    }

    /** Parse the log, replay it against the verified PCRs, read the Secure Boot state (no signatures). */
    @Benchmark
    public boolean replayEventLog() throws EvidenceException {
        VerifiedEvents events = EventLog.parse(eventLog).replay(quoted);
        return SecureBootState.from(events).enabled();
    }

    /** Both: what HVS does per report. */
    @Benchmark
    public boolean verifyQuoteAndReplay() throws EvidenceException {
        VerifiedEvents events = EventLog.parse(eventLog).replay(verifyQuote());
        return SecureBootState.from(events).enabled();
    }

    /** The raw signature check inside {@link #verifyQuote()}: SHA256withRSA over the attest bytes (JDK provider). */
    @Benchmark
    public boolean rsaPkcs1Sha256Signature() throws GeneralSecurityException {
        Signature s = Signature.getInstance("SHA256withRSA");
        s.initVerify(ak.publicKey());
        s.update(attest);
        return s.verify(rsaSignature);
    }
}
