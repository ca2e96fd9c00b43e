package dev.trustedcompute.kbs.protocol;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Whatever else arrives under {@code /kbs/v0}: a wrong number of resource path segments is Trustee's
 * InvalidRequestPath, any other first segment an unknown plugin; both 404 (the only 404s Trustee sends).
 */
@RestController
@TrusteeApi
@Hidden
public class UnknownPluginController {

    @RequestMapping({"/kbs/v0", "/kbs/v0/", "/kbs/v0/**"})
    public void unknown(HttpServletRequest request) {
        String rest = request.getRequestURI().substring(request.getContextPath().length()).replaceFirst("^/kbs/v0/?", "");
        String plugin = rest.contains("/") ? rest.substring(0, rest.indexOf('/')) : rest;
        if ("resource".equals(plugin)) {
            throw KbsError.INVALID_RESOURCE_PATH.exception("Request path " + rest + " is invalid");
        }
        throw KbsError.PLUGIN_NOT_FOUND.exception("Plugin " + plugin + " not found");
    }
}
