package dev.trustedcompute.servicekit.error;

import java.io.IOException;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.http.HttpStatusCode;

/**
 * Errors Tomcat raises before a request reaches Spring (a path holding {@code %00} or another invalid encoding)
 * would otherwise get Tomcat's HTML error page; this answers them with problem+json like every other error.
 * Responses that already have a body (everything Spring answered) are left alone. Tomcat creates it by class name
 * (the host's error report valve class), hence public.
 */
public final class ProblemErrorReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        CommonError fallback = status >= 500 ? CommonError.INTERNAL : CommonError.BAD_REQUEST;
        String detail = status >= 500 ? "an internal error occurred" : "the web server rejected the request (for "
                + "example a URL path with an invalid or NUL character)";
        try {
            response.resetBuffer();
            Problems.write(response, Problems.of(HttpStatusCode.valueOf(status), fallback, detail));
            response.finishResponse();
        } catch (IOException | IllegalStateException e) {
            // the client is gone or the response was committed meanwhile: nothing left to tell it
        }
    }
}
