package dev.trustedcompute.servicekit.error;

/**
 * The exception services throw for anything a client should hear about. {@link #getMessage()} is the
 * problem {@code detail} and is shown to the client: keep secrets and internals out of it.
 */
public class ServiceException extends RuntimeException {

    private final ErrorCode errorCode;

    public ServiceException(ErrorCode errorCode, String detail) {
        super(detail);
        this.errorCode = errorCode;
    }

    public ServiceException(ErrorCode errorCode, String detail, Throwable cause) {
        super(detail, cause);
        this.errorCode = errorCode;
    }

    public ErrorCode errorCode() {
        return errorCode;
    }

    public static ServiceException notFound(String detail) {
        return new ServiceException(CommonError.NOT_FOUND, detail);
    }

    public static ServiceException badRequest(String detail) {
        return new ServiceException(CommonError.BAD_REQUEST, detail);
    }

    public static ServiceException conflict(String detail) {
        return new ServiceException(CommonError.CONFLICT, detail);
    }
}
