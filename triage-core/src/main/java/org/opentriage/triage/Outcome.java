package org.opentriage.triage;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

import org.opentriage.protocol.Disposition;
import org.opentriage.protocol.LocalizedText;

/**
 * The outcome of a call: the recommended disposition (the most urgent across its protocols and modifiers),
 * the final one (after nurse overrides), the basis a nurse can review, care advice to read and
 * call-back instructions.
 *
 * @param protocols     each protocol's result: those the nurse picked, in order, then the general assessment
 * @param error         present when the call failed closed; the disposition then escalates to a clinician
 * @param openQuestions when the call failed closed, the triage questions it had not ruled out, most urgent
 *                      first, for the nurse to finish by hand; empty otherwise
 * @param unusedFacts   the patient facts given (up front or during the call) that none of the call's protocols
 *                      reads or asks about: shown to the nurse as not used, never dropped silently
 * @param suggestions   the protocols the answers suggest adding that the nurse has neither added nor declined: a
 *                      call may end with some, but the nurse is shown them, never left unaware
 * @param declinedSuggestions the suggestions the nurse declined, in the order declined
 * @param recommended the disposition the answers lead to, before overrides
 * @param finalDisposition the disposition in force: the recommendation, or an override of it
 * @param modifiers the risk modifiers that raised a protocol's disposition
 * @param overrides the nurse's overrides, in the order made
 * @param careAdvice the care advice to read to the caller for the final disposition
 * @param callBackIf one set of call-back instructions for the call, most urgent first
 * @since 0.1.0
 */
public record Outcome(Disposition recommended, Disposition finalDisposition, List<ProtocolResult> protocols,
                      List<AppliedModifier> modifiers, List<NurseOverride> overrides, List<LocalizedText> careAdvice,
                      List<LocalizedText> callBackIf, Optional<String> error, List<OpenQuestion> openQuestions,
                      List<org.opentriage.protocol.PatientFact> unusedFacts, List<Suggestion> suggestions,
                      List<Suggestion> declinedSuggestions) {
    /** Checks the components; lists are copied. */
    public Outcome {
        requireNonNull(recommended, "recommended");
        requireNonNull(finalDisposition, "finalDisposition");
        protocols = List.copyOf(protocols);
        modifiers = List.copyOf(modifiers);
        overrides = List.copyOf(overrides);
        careAdvice = List.copyOf(careAdvice);
        callBackIf = List.copyOf(callBackIf);
        requireNonNull(error, "error");
        openQuestions = List.copyOf(openQuestions);
        unusedFacts = List.copyOf(unusedFacts);
        suggestions = List.copyOf(suggestions);
        declinedSuggestions = List.copyOf(declinedSuggestions);
        if (error.isEmpty() && !openQuestions.isEmpty()) {
            throw new IllegalArgumentException("only a call that failed closed has open questions");
        }
    }
}
