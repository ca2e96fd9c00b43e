package dev.trustedcompute.servicekit.error;

import java.io.IOException;

/** Raised while reading a request body that exceeds {@code tc.web.max-body-size}. */
public final class BodyTooLargeException extends IOException {

    public BodyTooLargeException(long limit) {
        super("the request body exceeds the limit of " + limit + " bytes");
    }
}
