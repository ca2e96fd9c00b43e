package dev.trustedcompute.tpmquote;

/** Why verification failed. Closed set shared by every verifier; one value per kind of check. */
public enum Reason {
    // signatures and keys
    SIGNATURE_INVALID,
    UNSUPPORTED_ALGORITHM,
    KEY_MISMATCH,
    // freshness and binding
    NONCE_MISMATCH,
    REPORT_DATA_MISMATCH,
    RUNTIME_DATA_MISMATCH,
    // TPM quote content
    WRONG_MAGIC,
    WRONG_ATTEST_TYPE,
    PCR_SELECTION_MISMATCH,
    PCR_DIGEST_MISMATCH,
    PCR_MISSING,
    // event logs
    EVENT_LOG_REPLAY_MISMATCH,
    EVENT_DIGEST_MISMATCH,
    EVENT_AFTER_SEPARATOR,
    SECURE_BOOT_STATE_INVALID,
    // certificates and collateral
    CERTIFICATE_CHAIN_INVALID,
    CERTIFICATE_EXPIRED,
    CERTIFICATE_REVOKED,
    ROOT_NOT_TRUSTED,
    COLLATERAL_INVALID,
    COLLATERAL_EXPIRED,
    // TEE reports
    TCB_MISMATCH,
    TCB_STATUS_UNACCEPTABLE,
    POLICY_VIOLATION,
    VMPL_MISMATCH,
    QE_REPORT_DATA_MISMATCH,
    // an embedded hardware report that disagrees with the signed one (Azure HCL TDREPORT vs TD quote)
    HARDWARE_REPORT_MISMATCH,
    CREDENTIAL_MISMATCH,
    // init-data binding (SNP HOST_DATA, TDX MRCONFIGID)
    INIT_DATA_MISMATCH
}
