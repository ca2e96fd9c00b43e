package dev.trustedcompute.tpmquote.tpm;

import dev.trustedcompute.tpmquote.ByteReader;
import dev.trustedcompute.tpmquote.EvidenceFormatException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * TPMS_PCR_SELECTION (TPM 2.0 Part 2 §10.6.2): the PCRs of one bank.
 * <pre>
 * TPMI_ALG_HASH hash;
 * UINT8         sizeofSelect;            // at least 3 (PCR 0-23) on PC Client TPMs
 * BYTE          pcrSelect[sizeofSelect]; // bit n of byte i selects PCR 8*i+n
 * </pre>
 *
 * @param hash bank
 * @param pcrs selected PCR indices, ascending (the order in which the TPM hashes them)
 */
public record PcrSelection(TpmHash hash, SortedSet<Integer> pcrs) {

    /** TPM spec maximum: PCR_SELECT_MAX for 32 PCRs is 4 bytes; allow a little slack, never more. */
    static final int MAX_SIZE_OF_SELECT = 8;

    public PcrSelection {
        Objects.requireNonNull(hash, "hash");
        for (Integer pcr : pcrs) {
            if (pcr < 0 || pcr >= MAX_SIZE_OF_SELECT * 8) {
                throw new IllegalArgumentException("PCR index out of range: " + pcr);
            }
        }
        pcrs = Collections.unmodifiableSortedSet(new TreeSet<>(pcrs));
    }

    static PcrSelection read(ByteReader in) throws EvidenceFormatException {
        int at = in.position();
        TpmHash hash = TpmHash.fromAlgId(in.u16("TPMS_PCR_SELECTION.hash"), at, "TPMS_PCR_SELECTION.hash");
        int sizeAt = in.position();
        int size = in.u8("TPMS_PCR_SELECTION.sizeofSelect");
        if (size > MAX_SIZE_OF_SELECT) {
            throw new EvidenceFormatException(sizeAt, "TPMS_PCR_SELECTION.sizeofSelect",
                    "size " + size + " exceeds " + MAX_SIZE_OF_SELECT);
        }
        byte[] bits = in.bytes(size, "TPMS_PCR_SELECTION.pcrSelect");
        return new PcrSelection(hash, fromBitmap(bits));
    }

    static SortedSet<Integer> fromBitmap(byte[] bits) {
        SortedSet<Integer> pcrs = new TreeSet<>();
        for (int i = 0; i < bits.length; i++) {
            for (int b = 0; b < 8; b++) {
                if ((bits[i] & (1 << b)) != 0) {
                    pcrs.add(i * 8 + b);
                }
            }
        }
        return pcrs;
    }

    /** Selected PCRs as a list, ascending. */
    public List<Integer> pcrList() {
        return new ArrayList<>(pcrs);
    }

    @Override
    public String toString() {
        return hash.label() + ":" + pcrs;
    }
}
