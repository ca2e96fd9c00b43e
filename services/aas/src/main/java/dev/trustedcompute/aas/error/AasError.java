package dev.trustedcompute.aas.error;

import dev.trustedcompute.aas.InvalidInputException;
import dev.trustedcompute.servicekit.error.ErrorCode;
import dev.trustedcompute.servicekit.error.ServiceException;
import org.springframework.http.HttpStatus;

/** AAS's error catalogue; rendered by service-kit as problem+json with type {@code .../problems/<code>}. */
public enum AasError implements ErrorCode {
    INVALID_INPUT(HttpStatus.BAD_REQUEST, "invalid-input", "Invalid input"),
    USER_NOT_FOUND(HttpStatus.NOT_FOUND, "user-not-found", "User not found"),
    ROLE_NOT_FOUND(HttpStatus.NOT_FOUND, "role-not-found", "Role not found"),
    ROLE_NOT_ASSIGNED(HttpStatus.NOT_FOUND, "role-not-assigned", "Role not assigned to the user"),
    USER_EXISTS(HttpStatus.CONFLICT, "user-exists", "User already exists"),
    ROLE_EXISTS(HttpStatus.CONFLICT, "role-exists", "Role already exists"),
    ROLE_IN_USE(HttpStatus.CONFLICT, "role-in-use", "Role is assigned to users"),
    BUILT_IN_ROLE(HttpStatus.CONFLICT, "built-in-role", "Built-in role cannot be changed"),
    LAST_ADMINISTRATOR(HttpStatus.CONFLICT, "last-administrator", "Last administrator"),
    INVALID_CREDENTIALS(HttpStatus.UNAUTHORIZED, "invalid-credentials", "Invalid credentials"),
    ACCOUNT_LOCKED(HttpStatus.TOO_MANY_REQUESTS, "account-locked", "Account temporarily locked"),
    CMS_UNAVAILABLE(HttpStatus.BAD_GATEWAY, "cms-unavailable", "Certificate service failed");

    private final HttpStatus status;
    private final String code;
    private final String title;

    AasError(HttpStatus status, String code, String title) {
        this.status = status;
        this.code = code;
        this.title = title;
    }

    @Override
    public HttpStatus status() {
        return status;
    }

    @Override
    public String code() {
        return code;
    }

    @Override
    public String title() {
        return title;
    }

    public ServiceException exception(String detail) {
        return new ServiceException(this, detail);
    }

    public static ServiceException invalid(InvalidInputException e) {
        return new ServiceException(INVALID_INPUT, e.getMessage());
    }
}
