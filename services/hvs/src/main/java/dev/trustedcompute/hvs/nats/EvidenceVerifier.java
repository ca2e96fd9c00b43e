package dev.trustedcompute.hvs.nats;

import dev.trustedcompute.agentprotocol.Evidence;
import dev.trustedcompute.hvs.hosts.Host;
import dev.trustedcompute.hvs.nats.EvidenceRejectedException.Check;
import dev.trustedcompute.hvs.rules.HostManifest;
import dev.trustedcompute.tpmquote.EvidenceFormatException;
import dev.trustedcompute.tpmquote.VerificationException;
import dev.trustedcompute.tpmquote.tpm.AkPublic;
import dev.trustedcompute.tpmquote.tpm.PcrBank;
import dev.trustedcompute.tpmquote.tpm.QuotedPcrs;
import dev.trustedcompute.tpmquote.tpm.TpmsAttest;
import dev.trustedcompute.tpmquote.tpm.TpmtSignature;
import org.springframework.stereotype.Component;

import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Turns an agent's evidence into a {@link HostManifest}, or refuses it. Checks, in order: the evidence is for
 * this host; it decodes; it quotes exactly the requested PCRs; the quote verifies with the host's pinned AK
 * against {@code extraData} = SHA-256(the nonce HVS issued) and the reported PCR values (libs/tpm-quote
 * {@link AkPublic#verify}). The event log is passed on unverified: the flavor engine replays it.
 */
@Component
public class EvidenceVerifier {

    private final QuoteSelection selection;

    public EvidenceVerifier(QuoteSelection selection) {
        this.selection = selection;
    }

    /**
     * @param host      the host the evidence was requested from or pushed by; must be onboarded
     * @param extraData SHA-256 of the nonce HVS issued for this evidence
     */
    public HostManifest verify(Host host, Evidence evidence, byte[] extraData) throws EvidenceRejectedException {
        if (!host.onboarded()) {
            throw new IllegalStateException("host " + host.id() + " has no pinned AK; callers check onboarding first");
        }
        if (!evidence.hostId().equals(host.natsHostId().value())) {
            throw new EvidenceRejectedException(Check.EVIDENCE_HOST_ID, "evidence names host '" + evidence.hostId()
                    + "' but was made for '" + host.natsHostId() + "'");
        }
        PcrBank pcrs = pcrBank(evidence.quote().pcrs());
        QuotedPcrs quoted;
        try {
            TpmsAttest attest = TpmsAttest.parse(base64("quote.attest", evidence.quote().attest()));
            TpmtSignature signature = TpmtSignature.parse(base64("quote.signature", evidence.quote().signature()));
            quoted = AkPublic.parse(host.pinnedAk().akPublic()).verify(attest, signature, pcrs, extraData);
        } catch (EvidenceFormatException e) {
            throw new EvidenceRejectedException(Check.EVIDENCE_WELL_FORMED, e.getMessage());
        } catch (VerificationException e) {
            throw new EvidenceRejectedException(Check.QUOTE_VERIFIED, e.reason() + ": " + e.getMessage()
                    + " (pinned AK " + host.pinnedAk().akNameHex() + ")");
        }
        byte[] eventLog = evidence.eventLog() == null ? null : Base64.getDecoder().decode(evidence.eventLog());
        return new HostManifest(host.id(), host.natsHostId().value(), host.flavorGroupIds(), List.of(quoted), eventLog,
                evidence.hostInfo());
    }

    /** The one requested bank with exactly the requested PCRs (the message record already checked hex and lengths). */
    private PcrBank pcrBank(Map<String, Map<String, String>> banks) throws EvidenceRejectedException {
        Map<String, String> values = banks.get(selection.bank().label());
        if (banks.size() != 1 || values == null) {
            throw new EvidenceRejectedException(Check.QUOTE_PCR_SELECTION, "quote holds banks " + banks.keySet()
                    + ", HVS asked for " + selection.bank().label() + " only");
        }
        SortedMap<Integer, byte[]> parsed = new TreeMap<>();
        values.forEach((index, hex) -> parsed.put(Integer.parseInt(index), HexFormat.of().parseHex(hex)));
        if (!new HashSet<>(parsed.keySet()).equals(new HashSet<>(QuoteSelection.ALL_PCRS))) {
            throw new EvidenceRejectedException(Check.QUOTE_PCR_SELECTION, "quote covers " + selection.bank().label()
                    + " PCRs " + parsed.keySet() + ", HVS asked for " + QuoteSelection.ALL_PCRS);
        }
        return new PcrBank(selection.bank(), parsed);
    }

    private static byte[] base64(String field, String value) throws EvidenceFormatException {
        try {
            return Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw new EvidenceFormatException(field, "not base64");
        }
    }
}
