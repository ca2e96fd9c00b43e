package dev.trustedcompute.tpmquote.ccel;

import java.util.HexFormat;
import java.util.List;

/**
 * The four TDX runtime measurement registers, 48 bytes (SHA-384) each: the input of {@link CcEventLog#replay}
 * (taken from a verified TD quote body) and the output of {@link CcEventLog#computeRtmrs()}.
 */
public record RtmrValues(List<byte[]> rtmrs) {

    public static final int SIZE = 48;

    public RtmrValues {
        if (rtmrs.size() != 4) {
            throw new IllegalArgumentException(rtmrs.size() + " RTMRs, expected 4");
        }
        for (byte[] r : rtmrs) {
            if (r.length != SIZE) {
                throw new IllegalArgumentException("RTMR of " + r.length + " bytes, expected " + SIZE);
            }
        }
        rtmrs = rtmrs.stream().map(byte[]::clone).toList();
    }

    public static RtmrValues ofHex(String rtmr0, String rtmr1, String rtmr2, String rtmr3) {
        HexFormat h = HexFormat.of();
        return new RtmrValues(List.of(h.parseHex(rtmr0), h.parseHex(rtmr1), h.parseHex(rtmr2), h.parseHex(rtmr3)));
    }

    @Override
    public List<byte[]> rtmrs() {
        return rtmrs.stream().map(byte[]::clone).toList();
    }

    /** RTMR[n], a copy. */
    public byte[] rtmr(int n) {
        return rtmrs.get(n).clone();
    }

    public String hex(int n) {
        return HexFormat.of().formatHex(rtmrs.get(n));
    }

    @Override
    public String toString() {
        return "RtmrValues[" + hex(0) + ", " + hex(1) + ", " + hex(2) + ", " + hex(3) + "]";
    }
}
