package dev.trustedcompute.tpmquote.cli;

import dev.trustedcompute.tpmquote.EvidenceFormatException;
import dev.trustedcompute.tpmquote.VerificationException;
import dev.trustedcompute.tpmquote.tpm.AkPublic;
import dev.trustedcompute.tpmquote.tpm.Attested;
import dev.trustedcompute.tpmquote.tpm.PcrBank;
import dev.trustedcompute.tpmquote.tpm.TpmsAttest;
import dev.trustedcompute.tpmquote.tpm.TpmtPublic;
import dev.trustedcompute.tpmquote.tpm.TpmtSignature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code quote --ak F --attest F --sig F --pcrs-json F [--nonce HEX]}: verifies a TPM2_Quote as tpm2-tools writes it
 * ({@code tpm2_quote -m -s}) against PCR values, every bank the quote selects. Without {@code --nonce} the quote's
 * extraData is not checked ({@code "nonceChecked": false}).
 */
@Command(name = "quote", description = "Verify a TPM2_Quote (signature, nonce, PCR selection and digest).")
final class QuoteCommand extends JsonCommand {

    @Option(names = "--ak", required = true, description = "AK: TPM2B_PUBLIC/TPMT_PUBLIC (tpm2_createak -u) or PEM")
    Path ak;

    @Option(names = "--attest", required = true, description = "TPMS_ATTEST (tpm2_quote -m)")
    Path attest;

    @Option(names = "--sig", required = true, description = "TPMT_SIGNATURE (tpm2_quote -s)")
    Path sig;

    @Option(names = "--pcrs-json", required = true, description = "{\"sha256\":{\"0\":\"hex\",...},...}")
    Path pcrsJson;

    @Option(names = "--nonce", description = "expected qualifying data (extraData), hex")
    String nonce;

    @Override
    Map<String, Object> run() throws IOException, EvidenceFormatException {
        AkPublic key = akPublic(read(ak));
        TpmsAttest quote = TpmsAttest.parse(read(attest));
        TpmtSignature signature = TpmtSignature.parse(read(sig));
        List<PcrBank> banks = List.copyOf(PcrBank.parseJson(new String(read(pcrsJson), StandardCharsets.UTF_8)).values());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("nonce", hex(quote.extraData()));
        json.put("pcrDigest", quote.attested() instanceof Attested.QuoteInfo info ? hex(info.pcrDigest()) : null);
        json.put("resetCount", quote.clockInfo().resetCount());
        json.put("nonceChecked", nonce != null);
        byte[] expected = nonce != null ? hexOption(nonce, "--nonce") : quote.extraData();
        try {
            key.verify(quote, signature, banks, expected);
            json.put("valid", true);
        } catch (VerificationException e) {
            failed(json, e);
        }
        return json;
    }

    /** PEM, TPM2B_PUBLIC (a big-endian size that covers the rest) or TPMT_PUBLIC: the formats cannot be confused. */
    private static AkPublic akPublic(byte[] bytes) throws EvidenceFormatException {
        if (new String(bytes, StandardCharsets.US_ASCII).contains("-----BEGIN")) {
            return AkPublic.fromPem(new String(bytes, StandardCharsets.US_ASCII));
        }
        boolean sized = bytes.length >= 2 && ((bytes[0] & 0xff) << 8 | bytes[1] & 0xff) == bytes.length - 2;
        return sized ? AkPublic.of(TpmtPublic.parseTpm2b(bytes)) : AkPublic.parse(bytes);
    }
}
