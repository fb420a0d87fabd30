package org.opentriage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.opentriage.protocol.Disposition;

/** The categories the acceptance suite compares, as the bundled disposition scale gives them. */
class CareCategoryTest {
    @Test
    void everyLevelOfTheBundledScale_hasTheCategoryOfItsScaleCategory_nonEmergentBeingClinician() {
        Map<String, CareCategory> categories = Engines.library().scale().levels().stream()
                .collect(Collectors.toMap(Disposition::id, CareCategory::of));

        assertThat(categories).containsEntry("call-911", CareCategory.EMERGENT).containsEntry("ed-now", CareCategory.EMERGENT)
                .containsEntry("ed-ucc-now", CareCategory.EMERGENT)
                .containsEntry("poison-center-now", CareCategory.EMERGENT)
                .containsEntry("call-provider-now", CareCategory.CLINICIAN).containsEntry("within-4h", CareCategory.CLINICIAN)
                .containsEntry("within-24h", CareCategory.CLINICIAN).containsEntry("within-3d", CareCategory.CLINICIAN)
                .containsEntry("within-2wk", CareCategory.CLINICIAN)
                .containsEntry("dentist-within-24h", CareCategory.CLINICIAN)
                .containsEntry("home-care", CareCategory.SELF_CARE);
    }

    @Test
    void urgency_runsFromEmergentThroughClinicianToSelfCare() {
        assertThat(CareCategory.SELF_CARE.isLessUrgentThan(CareCategory.CLINICIAN)).isTrue();
        assertThat(CareCategory.CLINICIAN.isLessUrgentThan(CareCategory.EMERGENT)).isTrue();
        assertThat(CareCategory.EMERGENT.isLessUrgentThan(CareCategory.SELF_CARE)).isFalse();
        assertThat(CareCategory.CLINICIAN.isLessUrgentThan(CareCategory.CLINICIAN)).isFalse();
    }

    @Test
    void words_areThoseOfTheStoryFormat() {
        assertThat(CareCategory.of("self-care")).contains(CareCategory.SELF_CARE);
        assertThat(CareCategory.of("clinician")).contains(CareCategory.CLINICIAN);
        assertThat(CareCategory.of("non-emergent")).isEmpty();
    }
}
