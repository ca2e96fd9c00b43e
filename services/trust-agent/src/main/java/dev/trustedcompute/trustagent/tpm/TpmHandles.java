package dev.trustedcompute.trustagent.tpm;

import dev.trustedcompute.trustagent.AgentException;
import java.util.ArrayList;
import java.util.List;
import tss.tpm.GetCapabilityResponse;
import tss.tpm.TPML_HANDLE;
import tss.tpm.TPM_CAP;
import tss.tpm.TPM_HANDLE;
import tss.tpm.TPM_HT;

/** Handles the TPM holds, by type (TPM2_GetCapability(TPM_CAP_HANDLES), paged). */
final class TpmHandles {

    static final int NV_INDEX_FIRST = TPM_HT.NV_INDEX.toInt() << 24;
    static final int PERSISTENT_FIRST = TPM_HT.PERSISTENT.toInt() << 24;

    private TpmHandles() {
    }

    /** Handles of the type of {@code first} (e.g. 0x81000000 for persistent objects), ascending. */
    static List<Integer> list(TpmSession s, int first) throws AgentException {
        List<Integer> found = new ArrayList<>();
        int from = first;
        while (true) {
            int start = from;
            GetCapabilityResponse caps = s.call("GetCapability", () -> s.tpm().GetCapability(TPM_CAP.HANDLES, start,
                    64));
            TPM_HANDLE[] batch = ((TPML_HANDLE) caps.capabilityData).handle;
            for (TPM_HANDLE h : batch) {
                if ((h.handle >>> 24) != (first >>> 24)) {
                    return found;
                }
                found.add(h.handle);
            }
            if (caps.moreData == 0 || batch.length == 0) {
                return found;
            }
            from = batch[batch.length - 1].handle + 1;
        }
    }
}
