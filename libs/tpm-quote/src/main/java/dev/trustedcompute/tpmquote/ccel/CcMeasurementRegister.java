package dev.trustedcompute.tpmquote.ccel;

import java.util.List;
import java.util.Optional;

/**
 * Intel TDX measurement registers as named by the CC event log's MR index (UEFI 2.10, 38.4.1
 * EFI_CC_MEASUREMENT_PROTOCOL, MapPcrToMrIndex):
 * <pre>
 * TPM PCR index | CC MR index | TDX register
 * 0             | 0           | MRTD
 * 1, 7          | 1           | RTMR[0]
 * 2 - 6         | 2           | RTMR[1]
 * 8 - 15        | 3           | RTMR[2]
 * -             | 4           | RTMR[3]   (no PCR; used by the OS / attestation agent)
 * </pre>
 */
public enum CcMeasurementRegister {
    MRTD(0, List.of(0)),
    RTMR0(1, List.of(1, 7)),
    RTMR1(2, List.of(2, 3, 4, 5, 6)),
    RTMR2(3, List.of(8, 9, 10, 11, 12, 13, 14, 15)),
    RTMR3(4, List.of());

    private final int ccMrIndex;
    private final List<Integer> pcrs;

    CcMeasurementRegister(int ccMrIndex, List<Integer> pcrs) {
        this.ccMrIndex = ccMrIndex;
        this.pcrs = pcrs;
    }

    /** The index used in CCEL events. */
    public int ccMrIndex() {
        return ccMrIndex;
    }

    /** The TPM PCRs whose measurements this register receives. */
    public List<Integer> pcrs() {
        return pcrs;
    }

    /** RTMR number 0..3, or -1 for MRTD. */
    public int rtmrIndex() {
        return ccMrIndex - 1;
    }

    public static Optional<CcMeasurementRegister> fromCcMrIndex(long index) {
        for (CcMeasurementRegister r : values()) {
            if (r.ccMrIndex == index) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    /** The register a TPM PCR maps to; PCR16 and above map to none. */
    public static Optional<CcMeasurementRegister> forPcr(int pcr) {
        for (CcMeasurementRegister r : values()) {
            if (r.pcrs.contains(pcr)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    /** RTMR[n] for n in 0..3. */
    public static CcMeasurementRegister rtmr(int n) {
        if (n < 0 || n > 3) {
            throw new IllegalArgumentException("RTMR index " + n);
        }
        return values()[n + 1];
    }
}
