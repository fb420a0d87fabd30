package org.opentriage.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** A load report says whether it has errors by its problems, whether or not it carries a library. */
class LoadReportTest {

    @Test
    void checkPaths_ofACleanProtocol_hasNoErrors_thoughItCarriesNoLibrary() {
        LoadReport report = ProtocolLoader.checkPaths(List.of(TestFiles.LIBRARY.resolve("adult/headache-adult.protocol.yaml")));

        assertThat(report.problems()).isEmpty();
        assertThat(report.library()).isEmpty();
        assertThat(report.hasErrors()).isFalse();
    }

    @Test
    void hasErrors_countsAnErrorButNotAWarning() {
        Problem warning = problem(ProblemCode.UNREACHABLE_CARE_ADVICE);
        Problem error = problem(ProblemCode.UNKNOWN_KEY);

        assertThat(new LoadReport(List.of(warning), Optional.empty()).hasErrors()).isFalse();
        assertThat(new LoadReport(List.of(warning, error), Optional.empty()).hasErrors()).isTrue();
    }

    private static Problem problem(ProblemCode code) {
        return new Problem(code, Optional.empty(), "a.protocol.yaml", 1, 1, Optional.empty(), "what is wrong");
    }
}
