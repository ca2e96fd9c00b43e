package dev.trustedcompute.tpmquote;

import dev.trustedcompute.tpmquote.eventlog.SecureBootState;
import dev.trustedcompute.tpmquote.eventlog.VerifiedEvents;
import dev.trustedcompute.tpmquote.tpm.AkPublic;
import dev.trustedcompute.tpmquote.tpm.QuotedPcrs;
import dev.trustedcompute.tpmquote.tpm.TpmHash;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * TPM 2.0 quotes ({@link TpmEvidence}), stricter than Trustee's TPM verifier: the AK is the pinned one, the hash
 * and scheme are the ones the signature names, and the quote's PCR selection must match the PCRs sent. Checks, in
 * order: the attester's AK equals the pinned AK (KEY_MISMATCH) → the quote ({@code AkPublic.verify}: signature,
 * magic, type, nonce, selection, PCR digest) → event-log replay against the quoted PCRs and Secure Boot state →
 * init-data binding in PCR8.
 *
 * <p>Flat claims: {@code tpm.pcr00..pcr23} (SHA-256 bank, Trustee's names), {@code tpm.<bank>.pcrNN} for every
 * quoted bank, {@code tpm.ak_public} (base64 DER SPKI), {@code tpm.reset_count}, {@code tpm.restart_count},
 * {@code tpm.firmware_version} (hex), {@code tpm.secure_boot.enabled} (with an event log), {@code report_data}
 * (the quote's extraData) and {@code init_data} (SHA-256 PCR8, as Trustee reports it).
 */
public final class TpmEvidenceVerifier implements EvidenceVerifier {

    private static final HexFormat HEX = HexFormat.of();

    TpmEvidenceVerifier() {
    }

    @Override
    public Tee tee() {
        return Tee.TPM;
    }

    @Override
    public VerifiedClaims verify(Evidence evidence, Expectations expectations) throws VerificationException {
        TpmEvidence tpm = EvidenceVerifiers.as(TpmEvidence.class, evidence);
        AkPublic ak = expectations.trustedAk().orElseThrow(() -> new IllegalStateException(
                "TPM evidence needs the pinned AK: Expectations.Builder.trustedAk(...)"));
        checkAttesterAk(tpm, ak);
        List<String> unchecked = new ArrayList<>();
        byte[] nonce = switch (expectations.reportData()) {
            case ExpectedReportData.Exact exact -> exact.value();
            case ExpectedReportData.RuntimeDataDigest digest -> digest.placedFor(Tee.TPM);
            case ExpectedReportData.NotChecked skip -> {
                unchecked.add("nonce (quote extraData): " + skip.reason());
                yield tpm.quote().extraData();
            }
        };
        QuotedPcrs pcrs = ak.verify(tpm.quote(), tpm.signature(), tpm.pcrs(), nonce);
        Optional<VerifiedEvents> events = Optional.empty();
        Optional<SecureBootState> secureBoot = Optional.empty();
        if (tpm.eventLog().isPresent()) {
            VerifiedEvents verified = tpm.eventLog().get().replay(pcrs);
            verified.quirks().forEach(q -> unchecked.add("event log quirk " + q.quirk() + ": " + q.detail()));
            events = Optional.of(verified);
            secureBoot = Optional.of(SecureBootState.from(verified));
        }
        checkInitData(pcrs, expectations);
        TeeClaims.Tpm typed = new TeeClaims.Tpm(pcrs, ak, events, secureBoot);
        return new VerifiedClaims(Tee.TPM, typed, flat(typed), unchecked, expectations.verificationTime());
    }

    /** A mismatch would fail as a bad signature anyway; naming the key instead tells the operator what is wrong. */
    private static void checkAttesterAk(TpmEvidence tpm, AkPublic pinned) throws VerificationException {
        if (tpm.attesterAk().isPresent() && !MessageDigest.isEqual(tpm.attesterAk().get().publicKey().getEncoded(),
                pinned.publicKey().getEncoded())) {
            throw new VerificationException(Reason.KEY_MISMATCH, "the evidence names AK "
                    + Base64.getEncoder().encodeToString(tpm.attesterAk().get().publicKey().getEncoded())
                    + " but the AK pinned for this host is "
                    + Base64.getEncoder().encodeToString(pinned.publicKey().getEncoded()));
        }
    }

    /** Trustee's TPM init-data binding: PCR8 (SHA-256) = SHA-256(0^32 || digest), the digest being SHA-256. */
    private static void checkInitData(QuotedPcrs pcrs, Expectations expectations) throws VerificationException {
        Optional<byte[]> digest = expectations.initDataDigest();
        if (digest.isEmpty()) {
            return;
        }
        if (digest.get().length != 32) {
            throw new VerificationException(Reason.INIT_DATA_MISMATCH, "a TPM binds a 32-byte (SHA-256) init-data "
                    + "digest into PCR8; got " + digest.get().length + " bytes");
        }
        byte[] pcr8 = pcrs.value(TpmHash.SHA256, 8).orElseThrow(() -> new VerificationException(Reason.PCR_MISSING,
                "init-data is bound in SHA-256 PCR8, which the quote does not cover"));
        byte[] expected = TpmHash.SHA256.digest(new byte[32], digest.get());
        if (!MessageDigest.isEqual(expected, pcr8)) {
            throw new VerificationException(Reason.INIT_DATA_MISMATCH, "SHA-256 PCR8 is " + HEX.formatHex(pcr8)
                    + ", expected SHA-256(0^32 || init-data digest) = " + HEX.formatHex(expected));
        }
    }

    private static Map<String, Object> flat(TeeClaims.Tpm t) {
        Map<String, Object> c = new TreeMap<>();
        QuotedPcrs pcrs = t.pcrs();
        for (TpmHash bank : pcrs.banks()) {
            for (int index : pcrs.indices(bank)) {
                String name = String.format("pcr%02d", index);
                String value = HEX.formatHex(pcrs.value(bank, index).orElseThrow());
                c.put("tpm." + bank.label() + "." + name, value);
                if (bank == TpmHash.SHA256) {
                    c.put("tpm." + name, value);
                }
            }
        }
        pcrs.value(TpmHash.SHA256, 8).ifPresent(pcr8 -> c.put("init_data", HEX.formatHex(pcr8)));
        c.put("tpm.ak_public", Base64.getEncoder().encodeToString(t.ak().publicKey().getEncoded()));
        c.put("tpm.reset_count", pcrs.clockInfo().resetCount());
        c.put("tpm.restart_count", pcrs.clockInfo().restartCount());
        c.put("tpm.firmware_version", String.format("%016x", pcrs.firmwareVersion()));
        t.secureBoot().ifPresent(sb -> c.put("tpm.secure_boot.enabled", sb.enabled()));
        c.put("report_data", HEX.formatHex(pcrs.quote().extraData()));
        return c;
    }
}
