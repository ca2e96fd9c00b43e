package dev.trustedcompute.trustagent.tpm;

import dev.trustedcompute.trustagent.AgentException;
import java.util.Optional;
import tss.Tpm;
import tss.TpmHelpers;
import tss.tpm.NV_ReadPublicResponse;
import tss.tpm.TPMA_NV;
import tss.tpm.TPM_HANDLE;
import tss.tpm.TPM_PT;
import tss.tpm.TPM_RH;

/** Reads NV indices whole, in chunks of the TPM's NV buffer size. */
final class NvIndices {

    private NvIndices() {
    }

    /** Reads a whole NV index with the authorization its attributes allow (its own empty auth, else owner). */
    static Optional<byte[]> read(TpmSession s, int index) throws AgentException {
        if (!TpmHandles.list(s, TpmHandles.NV_INDEX_FIRST).contains(index)) {
            return Optional.empty();
        }
        Tpm tpm = s.tpm();
        TPM_HANDLE nv = new TPM_HANDLE(index);
        NV_ReadPublicResponse pub = s.call("NV_ReadPublic", () -> tpm.NV_ReadPublic(nv));
        boolean ownAuth = (pub.nvPublic.attributes.toInt() & TPMA_NV.AUTHREAD.toInt()) != 0;
        TPM_HANDLE auth = ownAuth ? nv : TPM_HANDLE.from(TPM_RH.OWNER);
        int size = pub.nvPublic.dataSize;
        int chunk = s.call("GetCapability", () -> TpmHelpers.getTpmProperty(tpm, TPM_PT.NV_BUFFER_MAX));
        byte[] data = new byte[size];
        for (int offset = 0; offset < size; offset += chunk) {
            int at = offset;
            int length = Math.min(chunk, size - offset);
            byte[] part = s.call("NV_Read", () -> tpm.NV_Read(auth, nv, length, at));
            System.arraycopy(part, 0, data, at, part.length);
        }
        return Optional.of(data);
    }

    /** Writes {@code data} at offset 0 with owner authorization when the index allows it, else its own. */
    static void write(TpmSession s, int index, byte[] data) throws AgentException {
        Tpm tpm = s.tpm();
        TPM_HANDLE nv = new TPM_HANDLE(index);
        NV_ReadPublicResponse pub = s.call("NV_ReadPublic", () -> tpm.NV_ReadPublic(nv));
        boolean ownerAuth = (pub.nvPublic.attributes.toInt() & TPMA_NV.OWNERWRITE.toInt()) != 0;
        TPM_HANDLE auth = ownerAuth ? TPM_HANDLE.from(TPM_RH.OWNER) : nv;
        s.run("NV_Write", () -> tpm.NV_Write(auth, nv, data, 0));
    }
}
