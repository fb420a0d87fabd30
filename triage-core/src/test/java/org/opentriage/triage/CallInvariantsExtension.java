package org.opentriage.triage;

import java.util.List;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs the call-invariant checker ({@link CallInvariants}) after every test of this module: a test fails when
 * any call it made broke an invariant, even one the test itself does not look at. Registered for every test
 * class by JUnit's extension auto-detection (META-INF/services and junit-platform.properties), so that a new
 * engine test is checked without anyone remembering to ask; a test that makes no call costs nothing.
 * Calls made outside a test (in {@code @BeforeAll}, {@code @AfterAll}) are checked after the class.
 */
public final class CallInvariantsExtension implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {
    @Override
    public void beforeAll(ExtensionContext context) {
        CallInvariants.installed();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        report(CallInvariants.installed().checkAll());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        report(CallInvariants.installed().checkAll());
    }

    private static void report(List<String> broken) {
        if (!broken.isEmpty()) {
            int shown = Math.min(broken.size(), 20);
            throw new AssertionError(broken.size() + " call invariant(s) broken:\n  " + String.join("\n  ", broken.subList(0, shown))
                    + (shown < broken.size() ? "\n  … and " + (broken.size() - shown) + " more" : ""));
        }
    }
}
