package dev.trustedcompute.servicekit.error;

import jakarta.validation.ConstraintViolationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.validation.method.ParameterValidationResult;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;

import java.util.stream.Collectors;

/**
 * Turns every exception that leaves a controller into {@code application/problem+json}. Client mistakes
 * get a 4xx with a detail that says what was wrong; anything unexpected is logged here with its stack
 * trace and answered with a generic 500 that reveals nothing.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
public class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

    @ExceptionHandler(ServiceException.class)
    public ResponseEntity<ProblemDetail> handleService(ServiceException e) {
        if (e.errorCode().status().is5xxServerError()) {
            log.error("{}: {}", e.errorCode().code(), e.getMessage(), e);
        }
        return respond(Problems.of(e.errorCode(), e.getMessage()));
    }

    @ExceptionHandler(ConstraintViolationException.class)
    public ResponseEntity<ProblemDetail> handleConstraintViolation(ConstraintViolationException e) {
        String detail = e.getConstraintViolations().stream()
                .map(v -> lastNode(v.getPropertyPath().toString()) + ": " + v.getMessage())
                .sorted()
                .collect(Collectors.joining("; "));
        return respond(Problems.of(CommonError.VALIDATION_FAILED, detail));
    }

    @ExceptionHandler(AccessDeniedException.class)
    public ResponseEntity<ProblemDetail> handleAccessDenied(AccessDeniedException e) {
        return respond(Problems.of(CommonError.FORBIDDEN, "the token does not carry the permission this operation needs"));
    }

    @ExceptionHandler(AuthenticationException.class)
    public ResponseEntity<ProblemDetail> handleAuthentication(AuthenticationException e) {
        return respond(Problems.of(CommonError.UNAUTHORIZED, "authentication failed"));
    }

    @ExceptionHandler(Exception.class)
    public ResponseEntity<ProblemDetail> handleUnexpected(Exception e) {
        log.error("unexpected error", e);
        return respond(Problems.of(CommonError.INTERNAL, "an internal error occurred; the server log has the details"));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        for (Throwable cause = ex.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof BodyTooLargeException tooLarge) {
                return typed(Problems.of(CommonError.PAYLOAD_TOO_LARGE, tooLarge.getMessage()));
            }
        }
        return typed(Problems.of(CommonError.MALFORMED_BODY, describeUnreadable(ex)));
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String detail = ex.getBindingResult().getFieldErrors().stream()
                .map(error -> error.getField() + ": " + error.getDefaultMessage())
                .sorted()
                .collect(Collectors.joining("; "));
        if (detail.isEmpty()) {
            detail = ex.getBindingResult().getAllErrors().stream()
                    .map(error -> error.getDefaultMessage()).collect(Collectors.joining("; "));
        }
        return typed(Problems.of(CommonError.VALIDATION_FAILED, detail));
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String detail = ex.getParameterValidationResults().stream()
                .map(ProblemDetailsAdvice::describe)
                .collect(Collectors.joining("; "));
        return typed(Problems.of(CommonError.VALIDATION_FAILED, detail));
    }

    /** Every framework-raised error passes here: give it a problem type from our catalogue. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
            HttpStatusCode statusCode, WebRequest request) {
        ResponseEntity<Object> response = super.handleExceptionInternal(ex, body, headers, statusCode, request);
        if (response != null && response.getBody() instanceof ProblemDetail problem && isBlankType(problem)) {
            ErrorCode code = codeFor(statusCode);
            problem.setType(code.type());
            problem.setTitle(code.title());
        }
        return response;
    }

    private static boolean isBlankType(ProblemDetail problem) {
        return problem.getType() == null || "about:blank".equals(problem.getType().toString());
    }

    private static ErrorCode codeFor(HttpStatusCode status) {
        HttpStatus resolved = HttpStatus.resolve(status.value());
        if (resolved == null) {
            return CommonError.BAD_REQUEST;
        }
        return switch (resolved) {
            case NOT_FOUND -> CommonError.NOT_FOUND;
            case METHOD_NOT_ALLOWED -> CommonError.METHOD_NOT_ALLOWED;
            case NOT_ACCEPTABLE -> CommonError.NOT_ACCEPTABLE;
            case UNSUPPORTED_MEDIA_TYPE -> CommonError.UNSUPPORTED_MEDIA_TYPE;
            case CONTENT_TOO_LARGE -> CommonError.PAYLOAD_TOO_LARGE;
            case SERVICE_UNAVAILABLE -> CommonError.SERVICE_UNAVAILABLE;
            case INTERNAL_SERVER_ERROR -> CommonError.INTERNAL;
            default -> CommonError.BAD_REQUEST;
        };
    }

    private static String describe(ParameterValidationResult result) {
        String name = result.getMethodParameter().getParameterName();
        String errors = result.getResolvableErrors().stream()
                .map(error -> error.getDefaultMessage())
                .collect(Collectors.joining(", "));
        return (name == null ? "parameter" : name) + ": " + errors;
    }

    /** Says where and why the body could not be read, without Java class names. */
    static String describeUnreadable(HttpMessageNotReadableException ex) {
        Throwable cause = ex.getCause();
        if (cause instanceof DatabindException databind) {
            String path = databind.getPath().stream()
                    .map(ref -> ref.getPropertyName() != null ? ref.getPropertyName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining("."));
            String reason = withoutClassNames(databind.getOriginalMessage());
            return path.isEmpty() ? "malformed JSON: " + reason : "malformed JSON at '" + path + "': " + reason;
        }
        if (cause instanceof JacksonException jackson) {
            return "malformed JSON: " + withoutClassNames(jackson.getOriginalMessage());
        }
        if (ex.getMessage() != null && ex.getMessage().startsWith("Required request body is missing")) {
            return "the request body is missing";
        }
        return "the request body could not be read";
    }

    /** {@code `java.util.UUID`} becomes {@code UUID}: callers need the shape, not our classes. */
    private static String withoutClassNames(String message) {
        if (message == null) {
            return "unreadable input";
        }
        String firstLine = message.lines().findFirst().orElse(message);
        return firstLine.replaceAll("`(?:[a-z_][\\w$]*\\.)+([A-Z][\\w$]*)(?:\\$[\\w$]+)?`", "$1")
                .replaceAll("(?:[a-z_][\\w]*\\.){2,}([A-Z][\\w$]*)", "$1");
    }

    private static String lastNode(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? path : path.substring(dot + 1);
    }

    private static ResponseEntity<ProblemDetail> respond(ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    private static ResponseEntity<Object> typed(ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
