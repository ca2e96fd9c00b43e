package dev.trustedcompute.tpmquote.eventlog;

import java.util.List;

/**
 * The header of a crypto-agile log, carried as the data of the first (legacy-format, EV_NO_ACTION, PCR0) event
 * (TCG PC Client PFP, TCG_EfiSpecIDEventStruct):
 * <pre>
 * BYTE   signature[16];        "Spec ID Event03\0"
 * UINT32 platformClass;
 * UINT8  specVersionMinor;     0
 * UINT8  specVersionMajor;     2
 * UINT8  specErrata;
 * UINT8  uintnSize;            1 = UINT32, 2 = UINT64
 * UINT32 numberOfAlgorithms;
 * TCG_EfiSpecIdEventAlgorithmSize digestSizes[numberOfAlgorithms];   {UINT16 algorithmId; UINT16 digestSize}
 * UINT8  vendorInfoSize;
 * BYTE   vendorInfo[vendorInfoSize];
 * </pre>
 */
public record SpecIdEvent(long platformClass, int specVersionMinor, int specVersionMajor, int specErrata,
                          int uintnSize, List<DigestAlgorithm> algorithms, byte[] vendorInfo) {

    public SpecIdEvent {
        algorithms = List.copyOf(algorithms);
        vendorInfo = vendorInfo.clone();
    }

    @Override
    public byte[] vendorInfo() {
        return vendorInfo.clone();
    }
}
