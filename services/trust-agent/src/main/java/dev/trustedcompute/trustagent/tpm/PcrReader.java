package dev.trustedcompute.trustagent.tpm;

import dev.trustedcompute.tpmquote.tpm.TpmHash;
import dev.trustedcompute.trustagent.AgentException;
import dev.trustedcompute.trustagent.Failure;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import tss.tpm.PCR_ReadResponse;
import tss.tpm.TPMS_PCR_SELECTION;
import tss.tpm.TPM_ALG_ID;

/** TPM2_PCR_Read over any number of banks and PCRs (the TPM returns at most eight values per call). */
final class PcrReader {

    private PcrReader() {
    }

    static Map<TpmHash, SortedMap<Integer, byte[]>> read(TpmSession s, PcrRequest pcrs)
            throws AgentException {
        Map<TpmHash, SortedMap<Integer, byte[]>> values = new EnumMap<>(TpmHash.class);
        Map<TpmHash, SortedSet<Integer>> remaining = new TreeMap<>();
        pcrs.banks().forEach((bank, indices) -> {
            remaining.put(bank, new TreeSet<>(indices));
            values.put(bank, new TreeMap<>());
        });
        while (!remaining.isEmpty()) {
            TPMS_PCR_SELECTION[] ask = selection(remaining);
            PCR_ReadResponse r = s.call("PCR_Read", () -> s.tpm().PCR_Read(ask));
            int next = 0;
            boolean progress = false;
            for (TPMS_PCR_SELECTION got : r.pcrSelectionOut) {
                TpmHash bank = hash(got.hash);
                for (int index = 0; index < got.pcrSelect.length * 8; index++) {
                    if ((got.pcrSelect[index / 8] & (1 << (index % 8))) == 0) {
                        continue;
                    }
                    byte[] value = r.pcrValues[next++].buffer;
                    if (bank != null && remaining.containsKey(bank) && remaining.get(bank).remove(index)) {
                        values.get(bank).put(index, value);
                        progress = true;
                    }
                }
            }
            if (!progress) {
                throw new AgentException(Failure.TPM_ERROR, "the TPM returns no value for PCRs " + remaining
                        + " (is that bank allocated? see tpm2_getcap pcrs)");
            }
            remaining.values().removeIf(SortedSet::isEmpty);
        }
        return values;
    }

    static byte[] digest(TpmHash hash, Map<TpmHash, SortedMap<Integer, byte[]>> values) {
        List<byte[]> parts = new ArrayList<>();
        values.values().forEach(bank -> parts.addAll(bank.values()));
        return hash.digest(parts.toArray(byte[][]::new));
    }

    static TPMS_PCR_SELECTION[] selection(Map<TpmHash, ? extends SortedSet<Integer>> banks) {
        return banks.entrySet().stream().map(e -> {
            byte[] bitmap = new byte[3];
            e.getValue().forEach(i -> bitmap[i / 8] |= (byte) (1 << (i % 8)));
            return new TPMS_PCR_SELECTION(TPM_ALG_ID.fromInt(e.getKey().algId()), bitmap);
        }).toArray(TPMS_PCR_SELECTION[]::new);
    }

    private static TpmHash hash(TPM_ALG_ID alg) {
        for (TpmHash h : TpmHash.values()) {
            if (h.algId() == alg.toInt()) {
                return h;
            }
        }
        return null;
    }
}
