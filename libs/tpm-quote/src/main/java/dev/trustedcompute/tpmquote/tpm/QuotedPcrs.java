package dev.trustedcompute.tpmquote.tpm;

import java.util.Collections;
import java.util.HexFormat;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * PCR values proven by a verified TPM quote: the signature checked with the AK, the nonce matched, and the
 * supplied values hash to the signed pcrDigest. Only {@link AkPublic#verify} creates instances, so holding
 * one means all of that was checked; later stages (event-log replay, flavor matching) take only this type.
 */
public final class QuotedPcrs {

    private final TpmHash bank;
    private final SortedMap<Integer, byte[]> values;
    private final TpmsAttest quote;

    QuotedPcrs(TpmHash bank, SortedMap<Integer, byte[]> values, TpmsAttest quote) {
        this.bank = bank;
        SortedMap<Integer, byte[]> copy = new TreeMap<>();
        values.forEach((k, v) -> copy.put(k, v.clone()));
        this.values = Collections.unmodifiableSortedMap(copy);
        this.quote = quote;
    }

    /** The PCR bank the values belong to. */
    public TpmHash bank() {
        return bank;
    }

    /** Quoted PCR indices, ascending. */
    public java.util.SortedSet<Integer> indices() {
        return Collections.unmodifiableSortedSet(new java.util.TreeSet<>(values.keySet()));
    }

    /** A copy of the value of quoted PCR {@code index}; null when the quote does not cover it. */
    public byte[] value(int index) {
        byte[] v = values.get(index);
        return v == null ? null : v.clone();
    }

    /** Whether the quote covers PCR {@code index}. */
    public boolean contains(int index) {
        return values.containsKey(index);
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
        StringBuilder sb = new StringBuilder("QuotedPcrs[").append(bank.label()).append(' ');
        values.forEach((i, v) -> sb.append(i).append('=').append(HexFormat.of().formatHex(v)).append(' '));
        return sb.append(quote.clockInfo()).append(']').toString();
    }
}
