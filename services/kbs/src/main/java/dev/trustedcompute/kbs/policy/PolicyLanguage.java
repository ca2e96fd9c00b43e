package dev.trustedcompute.kbs.policy;

/** Policy languages, one per engine. */
public enum PolicyLanguage {
    CEL("cel"),
    REGO("rego");

    private final String fileExtension;

    PolicyLanguage(String fileExtension) {
        this.fileExtension = fileExtension;
    }

    public String fileExtension() {
        return fileExtension;
    }
}
