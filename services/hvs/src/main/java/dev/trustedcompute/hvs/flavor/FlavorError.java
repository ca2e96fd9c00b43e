package dev.trustedcompute.hvs.flavor;

import dev.trustedcompute.servicekit.error.ErrorCode;
import dev.trustedcompute.servicekit.error.ServiceException;
import org.springframework.http.HttpStatus;

/** Errors of the flavor, flavor group and flavor template endpoints (problem type {@code .../problems/<code>}). */
public enum FlavorError implements ErrorCode {
    INVALID_INPUT(HttpStatus.BAD_REQUEST, "invalid-input", "Invalid input"),
    FLAVOR_NOT_FOUND(HttpStatus.NOT_FOUND, "flavor-not-found", "Flavor not found"),
    FLAVOR_GROUP_NOT_FOUND(HttpStatus.NOT_FOUND, "flavor-group-not-found", "Flavor group not found"),
    FLAVOR_TEMPLATE_NOT_FOUND(HttpStatus.NOT_FOUND, "flavor-template-not-found", "Flavor template not found"),
    LINK_NOT_FOUND(HttpStatus.NOT_FOUND, "link-not-found", "Link not found"),
    FLAVOR_EXISTS(HttpStatus.CONFLICT, "flavor-exists", "A flavor with this label exists"),
    FLAVOR_GROUP_EXISTS(HttpStatus.CONFLICT, "flavor-group-exists", "A flavor group with this name exists"),
    FLAVOR_TEMPLATE_EXISTS(HttpStatus.CONFLICT, "flavor-template-exists", "A flavor template with this label exists"),
    DEFAULT_FLAVOR_GROUP(HttpStatus.CONFLICT, "default-flavor-group", "The default flavor group cannot be deleted"),
    FLAVOR_TEMPLATE_DELETED(HttpStatus.CONFLICT, "flavor-template-deleted", "Flavor template is deleted"),
    EVIDENCE_UNSUITABLE(HttpStatus.UNPROCESSABLE_CONTENT, "evidence-unsuitable",
            "The host's evidence cannot give the flavors asked for");

    private final HttpStatus status;
    private final String code;
    private final String title;

    FlavorError(HttpStatus status, String code, String title) {
        this.status = status;
        this.code = code;
        this.title = title;
    }

    /** A {@link ServiceException} of this kind; {@code detail} is shown to the client. */
    public ServiceException exception(String detail) {
        return new ServiceException(this, detail);
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
}
