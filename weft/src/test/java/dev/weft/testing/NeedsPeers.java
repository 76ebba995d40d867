package dev.weft.testing;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a test that needs software from outside Maven Central (node and the npm peers,
 * Chromium, python3-websockets, tinyproxy: what {@code bin/install-test-deps} installs). It runs
 * when the build is asked for the peers ({@code -P peers}, which {@code bin/test} and CI always
 * turn on), and there a missing tool fails it. Without the profile it is reported as skipped,
 * with this reason, so a JDK-only {@code ./mvnw verify} says which suites it did not run.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Tag("peers")
@ExtendWith(NeedsPeers.Condition.class)
public @interface NeedsPeers {
    /** What the test needs, for the skip message. */
    String value();

    /** Enables the test only when the build turned the peers on ({@code -Dweft.peers=true}). */
    final class Condition implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            String needs = context.getElement().map(e -> e.getAnnotation(NeedsPeers.class))
                    .map(NeedsPeers::value).orElse("software outside Maven Central");
            if (Boolean.getBoolean("weft.peers")) {
                return ConditionEvaluationResult.enabled("peers on: " + needs + " must be installed");
            }
            return ConditionEvaluationResult.disabled("not run: needs " + needs
                    + " (bin/install-test-deps); bin/test runs it, or ./mvnw verify -P peers");
        }
    }
}
