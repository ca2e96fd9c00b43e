package dev.trustedcompute.hvs.support;

import dev.trustedcompute.hvs.flavor.FlavorPart;
import dev.trustedcompute.hvs.rules.HostManifest;
import dev.trustedcompute.hvs.rules.Rule;
import dev.trustedcompute.hvs.rules.Trust;
import dev.trustedcompute.hvs.rules.TrustEvaluator;
import dev.trustedcompute.hvs.rules.TrustVerdict;
import dev.trustedcompute.tpmquote.tpm.QuotedPcrs;
import dev.trustedcompute.tpmquote.tpm.TpmHash;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Stand-in for the flavor engine in attestation plumbing tests: PLATFORM is trusted when every
 * golden sha256 PCR equals the quoted value; the other parts are NA. The test sets the golden values.
 */
public final class GoldenPcrEvaluator implements TrustEvaluator {

    private volatile Map<Integer, byte[]> golden = Map.of();

    public void golden(Map<Integer, byte[]> values) {
        this.golden = Map.copyOf(values);
    }

    @Override
    public TrustVerdict evaluate(HostManifest manifest) {
        QuotedPcrs quote = manifest.quote(TpmHash.SHA256);
        List<TrustVerdict.Fault> faults = new ArrayList<>();
        golden.forEach((index, expected) -> {
            byte[] actual = quote.value(TpmHash.SHA256, index).orElse(null);
            if (actual == null || !Arrays.equals(actual, expected)) {
                faults.add(new TrustVerdict.Fault(Rule.PCR_MATCHES_CONSTANT, FlavorPart.PLATFORM, null, "PCR " + index
                        + " is " + (actual == null ? "not quoted" : HexFormat.of().formatHex(actual)) + ", expected "
                        + HexFormat.of().formatHex(expected)));
            }
        });
        Trust platform = faults.isEmpty() ? Trust.TRUSTED : Trust.UNTRUSTED;
        Map<FlavorPart, Trust> parts = new EnumMap<>(FlavorPart.class);
        for (FlavorPart part : FlavorPart.values()) {
            parts.put(part, Trust.NA);
        }
        parts.put(FlavorPart.PLATFORM, platform);
        return new TrustVerdict(parts, platform, faults, Set.of(), false, null, List.of());
    }
}
