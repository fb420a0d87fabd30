package org.opentriage.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A public call-centre disposition mix to set a trail's mix beside, as the project's domain notes give it
 * ({@code shared/DOMAIN.md}, "Disposition scale": "Observed mix (≈3.5 M calls, one vendor, 2025): 911 1.5%, ED now
 * 6.4%, ED/UCC now 6.6%, within 4 h 19.7%, within 24 h 14.7%, within 3 days 13.7%, within 2 weeks 3.8%, home care
 * 23.8%"). Those levels add up to 90.2%; the source gives no figure for the rest (the on-call provider now, poison
 * center and other referrals), so those levels show none. The categories are sums of the levels on our scale:
 * emergent (911, ED, ED/UCC) 14.5%, clinician (4 h, 24 h, 3 days, 2 weeks) 51.9%, self-care (home care) 23.8%.
 */
final class PublicMix {
    /** Where the figures come from, as the report names it. */
    static final String SOURCE = "public mix: \u22483.5 M calls, one vendor, 2025, as quoted in the project's domain "
            + "notes (shared/DOMAIN.md); it gives no figure for call-provider-now, poison-center-now or dentist "
            + "referrals (its levels add up to 90.2%)";

    /** Percent of calls by disposition id of our scale. */
    static final Map<String, Double> BY_DISPOSITION = new LinkedHashMap<>();
    /** Percent of calls by care category. */
    static final Map<String, Double> BY_CATEGORY = new LinkedHashMap<>();

    static {
        BY_DISPOSITION.put("call-911", 1.5);
        BY_DISPOSITION.put("ed-now", 6.4);
        BY_DISPOSITION.put("ed-ucc-now", 6.6);
        BY_DISPOSITION.put("within-4h", 19.7);
        BY_DISPOSITION.put("within-24h", 14.7);
        BY_DISPOSITION.put("within-3d", 13.7);
        BY_DISPOSITION.put("within-2wk", 3.8);
        BY_DISPOSITION.put("home-care", 23.8);
        BY_CATEGORY.put(CareCategory.EMERGENT.word(), 14.5);
        BY_CATEGORY.put(CareCategory.CLINICIAN.word(), 51.9);
        BY_CATEGORY.put(CareCategory.SELF_CARE.word(), 23.8);
    }

    private PublicMix() {
    }

    static Optional<Double> disposition(String id) {
        return Optional.ofNullable(BY_DISPOSITION.get(id));
    }

    static Optional<Double> category(String word) {
        return Optional.ofNullable(BY_CATEGORY.get(word));
    }
}
