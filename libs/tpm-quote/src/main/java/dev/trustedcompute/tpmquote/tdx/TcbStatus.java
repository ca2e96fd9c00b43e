package dev.trustedcompute.tpmquote.tdx;

import dev.trustedcompute.tpmquote.EvidenceFormatException;

/** TCB level status as named in Intel PCS TCB Info / Enclave Identity ("tcbStatus"). */
public enum TcbStatus {
    UP_TO_DATE("UpToDate"),
    SW_HARDENING_NEEDED("SWHardeningNeeded"),
    CONFIGURATION_NEEDED("ConfigurationNeeded"),
    CONFIGURATION_AND_SW_HARDENING_NEEDED("ConfigurationAndSWHardeningNeeded"),
    OUT_OF_DATE("OutOfDate"),
    OUT_OF_DATE_CONFIGURATION_NEEDED("OutOfDateConfigurationNeeded"),
    REVOKED("Revoked");

    private final String pcsName;

    TcbStatus(String pcsName) {
        this.pcsName = pcsName;
    }

    /** The spelling used by PCS JSON and by Trustee / dcap-qvl claims. */
    public String pcsName() {
        return pcsName;
    }

    public static TcbStatus fromPcsName(String name, String field) throws EvidenceFormatException {
        for (TcbStatus s : values()) {
            if (s.pcsName.equals(name)) {
                return s;
            }
        }
        throw new EvidenceFormatException(field, "unknown tcbStatus \"" + name + "\"");
    }
}
