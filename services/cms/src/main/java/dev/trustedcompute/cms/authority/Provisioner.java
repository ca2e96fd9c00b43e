package dev.trustedcompute.cms.authority;

import java.util.List;

/**
 * Decides what a caller may get (step-ca {@code provisioner.Interface#AuthorizeSign}): returns the rules the
 * CA must enforce for this request. It does not look at the CSR; the CA applies the rules to it.
 */
public interface Provisioner {
    List<SignOption> authorizeSign(Caller caller, CertType type);
}
