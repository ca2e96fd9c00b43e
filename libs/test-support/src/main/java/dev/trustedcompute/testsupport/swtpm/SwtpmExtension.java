package dev.trustedcompute.testsupport.swtpm;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/** JUnit extension behind {@link SwtpmTest}: one swtpm per test class, closed by JUnit with the class's store. */
public final class SwtpmExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SwtpmExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Swtpm.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context)
            throws ParameterResolutionException {
        Class<?> testClass = context.getRequiredTestClass();
        ExtensionContext classContext = classContext(context, testClass);
        boolean ek = AnnotationSupport.findAnnotation(testClass, SwtpmTest.class).map(SwtpmTest::ekCertificates)
                .orElse(false);
        // AutoCloseable values are closed when the class-level store is discarded (after the class).
        return classContext.getStore(NAMESPACE).computeIfAbsent(testClass.getName(), k -> Swtpm.start(ek), Swtpm.class);
    }

    private static ExtensionContext classContext(ExtensionContext context, Class<?> testClass) {
        ExtensionContext c = context;
        while (c.getParent().isPresent() && c.getTestMethod().isPresent()) {
            c = c.getParent().get();
        }
        return c.getTestClass().filter(testClass::equals).isPresent() ? c : context;
    }
}
