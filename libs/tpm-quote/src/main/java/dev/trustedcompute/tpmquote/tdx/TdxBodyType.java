package dev.trustedcompute.tpmquote.tdx;

/** Quote body type: v4 quotes always carry TD 1.0; v5 quotes name the type (2 = TD 1.0, 3 = TD 1.5). */
public enum TdxBodyType {
    TD10(2, TdReportBody.TD10_SIZE),
    TD15(3, TdReportBody.TD15_SIZE);

    private final int code;
    private final int size;

    TdxBodyType(int code, int size) {
        this.code = code;
        this.size = size;
    }

    public int code() {
        return code;
    }

    public int size() {
        return size;
    }
}
