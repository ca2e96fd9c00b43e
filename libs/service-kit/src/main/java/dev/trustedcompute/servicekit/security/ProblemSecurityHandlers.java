package dev.trustedcompute.servicekit.security;

import dev.trustedcompute.servicekit.error.CommonError;
import dev.trustedcompute.servicekit.error.Problems;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

import java.io.IOException;

/** 401 and 403 from the security filters, as problem+json with a {@code WWW-Authenticate} challenge. */
public final class ProblemSecurityHandlers implements AuthenticationEntryPoint, AccessDeniedHandler {

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        boolean invalidToken = e instanceof InvalidBearerTokenException
                || e.getClass().getSimpleName().contains("OAuth2");
        String detail = invalidToken
                ? "the bearer token is invalid: " + safeReason(e)
                : "a bearer token is required (Authorization: Bearer <JWT from AAS>)";
        response.setHeader("WWW-Authenticate", invalidToken ? "Bearer error=\"invalid_token\"" : "Bearer");
        Problems.write(response, Problems.of(CommonError.UNAUTHORIZED, detail));
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
            throws IOException {
        response.setHeader("WWW-Authenticate", "Bearer error=\"insufficient_scope\"");
        Problems.write(response, Problems.of(CommonError.FORBIDDEN,
                "the token does not carry the permission this operation needs"));
    }

    /** Nimbus' messages say which check failed (expired, signature, kid) without echoing the token. */
    private static String safeReason(AuthenticationException e) {
        String message = e.getMessage() == null ? "rejected" : e.getMessage();
        return message.length() > 200 ? message.substring(0, 200) : message;
    }
}
