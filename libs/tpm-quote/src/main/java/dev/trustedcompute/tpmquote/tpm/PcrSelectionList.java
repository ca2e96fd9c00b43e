package dev.trustedcompute.tpmquote.tpm;

import dev.trustedcompute.tpmquote.ByteReader;
import dev.trustedcompute.tpmquote.EvidenceFormatException;
import java.util.ArrayList;
import java.util.List;

/**
 * TPML_PCR_SELECTION (TPM 2.0 Part 2 §10.9.7):
 * <pre>
 * UINT32             count;               // at most HASH_COUNT (16 here)
 * TPMS_PCR_SELECTION pcrSelections[count];
 * </pre>
 *
 * @param selections the banks in wire order (the order in which a quote concatenates the PCR values)
 */
public record PcrSelectionList(List<PcrSelection> selections) {

    /** TPM2_NUM_PCR_BANKS in the TSS headers. */
    static final int MAX_BANKS = 16;

    public PcrSelectionList {
        selections = List.copyOf(selections);
    }

    /** Parses a complete TPML_PCR_SELECTION; trailing bytes are rejected. */
    public static PcrSelectionList parse(byte[] bytes) throws EvidenceFormatException {
        ByteReader in = ByteReader.bigEndian(bytes);
        PcrSelectionList list = read(in);
        in.expectEnd("TPML_PCR_SELECTION");
        return list;
    }

    static PcrSelectionList read(ByteReader in) throws EvidenceFormatException {
        int at = in.position();
        long count = in.u32("TPML_PCR_SELECTION.count");
        if (count > MAX_BANKS) {
            throw new EvidenceFormatException(at, "TPML_PCR_SELECTION.count", "count " + count + " exceeds " + MAX_BANKS);
        }
        List<PcrSelection> selections = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            selections.add(PcrSelection.read(in));
        }
        return new PcrSelectionList(selections);
    }

    /** Total number of selected PCRs over all banks. */
    public int size() {
        return selections.stream().mapToInt(s -> s.pcrs().size()).sum();
    }

    @Override
    public String toString() {
        return selections.toString();
    }
}
