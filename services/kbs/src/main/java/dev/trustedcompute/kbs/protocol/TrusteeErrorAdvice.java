package dev.trustedcompute.kbs.protocol;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import dev.trustedcompute.servicekit.error.ServiceException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Renders every error of the {@code /kbs/v0} controllers in Trustee's shape and status codes, ahead of service-kit's
 * problem+json advice (which keeps serving every other route). Unexpected failures are logged here and reported
 * without internals.
 */
@RestControllerAdvice(annotations = TrusteeApi.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
public class TrusteeErrorAdvice {

    private static final Logger log = LoggerFactory.getLogger(TrusteeErrorAdvice.class);

    @ExceptionHandler(ServiceException.class)
    public ResponseEntity<ErrorInformation> service(ServiceException e) {
        TrusteeError variant = e.errorCode() instanceof KbsError kbs ? kbs.trustee()
                : e.errorCode().status() == HttpStatus.NOT_FOUND ? TrusteeError.InvalidRequestPath
                : TrusteeError.PluginInternalError;
        if (e.errorCode().status().is5xxServerError()) {
            log.warn("{}: {}", e.errorCode().code(), e.getMessage(), e);
        } else {
            log.info("{}: {}", e.errorCode().code(), e.getMessage());
        }
        return respond(variant, e.getMessage());
    }

    @ExceptionHandler(AccessDeniedException.class)
    public ResponseEntity<ErrorInformation> accessDenied(AccessDeniedException e) {
        return respond(TrusteeError.AdminAuthAccess,
                "admin access denied: the bearer token is missing, invalid or lacks the permission for this endpoint");
    }

    @ExceptionHandler({HttpMessageNotReadableException.class, HttpMediaTypeNotSupportedException.class})
    public ResponseEntity<ErrorInformation> unreadable(Exception e) {
        return respond(TrusteeError.SerdeError, "Serialize/Deserialize failed: the request body could not be read");
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    public ResponseEntity<ErrorInformation> method(HttpRequestMethodNotSupportedException e) {
        return respond(TrusteeError.InvalidRequestPath, "Request path is invalid for method " + e.getMethod());
    }

    @ExceptionHandler(Exception.class)
    public ResponseEntity<ErrorInformation> unexpected(Exception e) {
        log.error("unexpected error on a Trustee route", e);
        return respond(TrusteeError.PluginInternalError, "Plugin internal error");
    }

    static ResponseEntity<ErrorInformation> respond(TrusteeError error, String detail) {
        return ResponseEntity.status(error.status()).contentType(MediaType.APPLICATION_JSON)
                .body(ErrorInformation.of(error, detail));
    }
}
