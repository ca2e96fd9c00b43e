package dev.trustedcompute.kbs.protocol;

import dev.trustedcompute.kbs.session.Session;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Trustee's session cookie: {@code kbs-session-id=<id>; Expires=<IMF-fixdate>} and nothing else (no Path, HttpOnly
 * or Secure), as the Rust {@code cookie} crate writes it for {@code Cookie::build(name, id).expires(...)}.
 */
public final class SessionCookie {

    public static final String NAME = "kbs-session-id";

    private SessionCookie() {
    }

    public static String headerValue(Session session) {
        return NAME + "=" + session.id() + "; Expires="
                + DateTimeFormatter.RFC_1123_DATE_TIME.format(session.expiresAt().atOffset(ZoneOffset.UTC));
    }
}
