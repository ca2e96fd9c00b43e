package dev.trustedcompute.trustagent.tee;

/** Evidence kinds a node can produce, named as Trustee's {@code tee} values and HostInfo's {@code tees}. */
public enum Tee {
    TPM("tpm"),
    TDX("tdx"),
    SNP("snp"),
    AZ_SNP_VTPM("az-snp-vtpm"),
    AZ_TDX_VTPM("az-tdx-vtpm");

    private final String label;

    Tee(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static Tee fromLabel(String label) {
        for (Tee t : values()) {
            if (t.label.equals(label)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown TEE '" + label + "' (tpm, tdx, snp, az-snp-vtpm, az-tdx-vtpm)");
    }
}
