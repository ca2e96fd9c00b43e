package dev.trustedcompute.tpmquote.tpm;

import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * PCR values proven by a verified TPM quote: the signature checked with the AK, the nonce matched, and the
 * supplied values of every selected bank hash to the signed pcrDigest. Only {@link AkPublic#verify} creates
 * instances, so holding one means all of that was checked; later stages (event-log replay, flavor matching)
 * take only this type. A quote may select several banks at once (e.g. SHA-256 and SHA-384).
 */
public final class QuotedPcrs {

    private final Map<TpmHash, SortedMap<Integer, byte[]>> banks;
    private final TpmsAttest quote;

    /** @param banks quoted banks in the quote's selection order, each PCR index to value */
    QuotedPcrs(Map<TpmHash, SortedMap<Integer, byte[]>> banks, TpmsAttest quote) {
        Map<TpmHash, SortedMap<Integer, byte[]>> copy = new LinkedHashMap<>();
        banks.forEach((hash, values) -> {
            SortedMap<Integer, byte[]> v = new TreeMap<>();
            values.forEach((k, x) -> v.put(k, x.clone()));
            copy.put(hash, Collections.unmodifiableSortedMap(v));
        });
        this.banks = Collections.unmodifiableMap(copy);
        this.quote = quote;
    }

    /** The quoted banks, in the order the quote selects them. */
    public List<TpmHash> banks() {
        return List.copyOf(banks.keySet());
    }

    /** Quoted PCR indices of {@code bank}, ascending; empty when the bank is not quoted. */
    public SortedSet<Integer> indices(TpmHash bank) {
        SortedMap<Integer, byte[]> values = banks.get(bank);
        return values == null ? Collections.emptySortedSet() : Collections.unmodifiableSortedSet(new TreeSet<>(values.keySet()));
    }

    /** A copy of the value of PCR {@code index} in {@code bank}; empty when the quote does not cover it. */
    public Optional<byte[]> value(TpmHash bank, int index) {
        SortedMap<Integer, byte[]> values = banks.get(bank);
        return values == null || !values.containsKey(index) ? Optional.empty() : Optional.of(values.get(index).clone());
    }

    /** Whether the quote covers PCR {@code index} of {@code bank}. */
    public boolean contains(TpmHash bank, int index) {
        return value(bank, index).isPresent();
    }

    /** TPM clock info of the quote; {@code resetCount} changes on every reboot (TPM2_Startup(CLEAR)). */
    public ClockInfo clockInfo() {
        return quote.clockInfo();
    }

    /** TPM firmware version from the quote (vendor specific). */
    public long firmwareVersion() {
        return quote.firmwareVersion();
    }

    /** The verified quote (its extraData equals the nonce the verifier asked for). */
    public TpmsAttest quote() {
        return quote;
    }

    /**
     * Whether the TPM was reset (host rebooted) between {@code earlier} and this quote, judged by the
     * resetCount. Only meaningful for quotes made by the same AK.
     */
    public boolean resetSince(QuotedPcrs earlier) {
        return clockInfo().resetCount() != earlier.clockInfo().resetCount();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("QuotedPcrs[");
        banks.forEach((hash, values) -> {
            sb.append(hash.label()).append('{');
            values.forEach((i, v) -> sb.append(i).append('=').append(HexFormat.of().formatHex(v)).append(' '));
            sb.append("} ");
        });
        return sb.append(quote.clockInfo()).append(']').toString();
    }
}
