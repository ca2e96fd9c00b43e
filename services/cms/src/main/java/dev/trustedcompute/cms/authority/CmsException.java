package dev.trustedcompute.cms.authority;

import dev.trustedcompute.servicekit.error.ServiceException;

/** A client's request refused by the CMS domain; the message is the problem detail shown to the caller. */
public class CmsException extends ServiceException {

    public CmsException(CmsError error, String detail) {
        super(error, detail);
    }

    public CmsError error() { return (CmsError) errorCode(); }
}
