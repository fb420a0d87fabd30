package org.opentriage.fhir;

import java.util.Collection;
import java.util.List;

import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.UnknownCodeSystemWarningValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Questionnaire;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;

/**
 * The HAPI FHIR R4 instance validator, offline: the R4 core definitions and code systems, and the Questionnaires
 * the export made (so that a QuestionnaireResponse is checked against its Questionnaire's items). The code systems
 * the export defines (answer options, dispositions) are not published anywhere the validator could read: a code
 * of an unknown system is a warning, as for any local code system.
 */
public final class FhirValidation {
    private static final FhirContext CONTEXT = FhirExport.context();
    private static final Questionnaires QUESTIONNAIRES = new Questionnaires();
    private static FhirValidator validator;

    private FhirValidation() {
    }

    private static synchronized FhirValidator validator() {
        if (validator == null) {
            UnknownCodeSystemWarningValidationSupport unknownCodeSystems = new UnknownCodeSystemWarningValidationSupport(CONTEXT);
            unknownCodeSystems.setNonExistentCodeSystemSeverity(ca.uhn.fhir.context.support.IValidationSupport.IssueSeverity.WARNING);
            ValidationSupportChain chain = new ValidationSupportChain(
                    new DefaultProfileValidationSupport(CONTEXT),
                    QUESTIONNAIRES,
                    new CommonCodeSystemsTerminologyService(CONTEXT),
                    new InMemoryTerminologyServerValidationSupport(CONTEXT),
                    new SnapshotGeneratingValidationSupport(CONTEXT),
                    unknownCodeSystems);
            FhirInstanceValidator module = new FhirInstanceValidator(chain);
            module.setNoTerminologyChecks(false);
            validator = CONTEXT.newValidator().registerValidatorModule(module);
        }
        return validator;
    }

    /** Makes these Questionnaires known to the validator (a response names its questionnaire by url|version). */
    public static synchronized void know(Collection<Questionnaire> questionnaires) {
        questionnaires.forEach(q -> {
            QUESTIONNAIRES.byUrl.put(q.getUrl() + "|" + q.getVersion(), q);
            QUESTIONNAIRES.byUrl.put(q.getUrl(), q);
        });
    }

    /** Questionnaires by canonical URL, with and without {@code |version} (the pre-populated support holds none). */
    private static final class Questionnaires implements IValidationSupport {
        final java.util.Map<String, Questionnaire> byUrl = new java.util.concurrent.ConcurrentHashMap<>();

        @Override
        public FhirContext getFhirContext() {
            return CONTEXT;
        }

        @Override
        public <T extends IBaseResource> T fetchResource(Class<T> type, String url) {
            Questionnaire q = url == null ? null : byUrl.get(url);
            if (q == null || (type != null && !type.isInstance(q))) {
                return null;
            }
            @SuppressWarnings("unchecked")
            T found = (T) q;
            return found;
        }
    }

    /** Every message of the validator about the resource. */
    public static synchronized List<SingleValidationMessage> messages(IBaseResource resource) {
        return validator().validateWithResult(resource).getMessages();
    }

    /**
     * The errors (and fatal errors) the validator finds in the resource, but for one known fault of the R4
     * definitions: constraint que-7 ("if the operator is 'exists', the value must be a boolean") is written in R4 as
     * the FHIRPath {@code operator = 'exists' implies (answer is Boolean)}, where {@code Boolean} names the FHIRPath
     * system type, which a FHIR {@code boolean} element never is; every {@code exists} fails it, whatever its answer
     * (reported for another validator in FirelyTeam/firely-net-sdk#2174). The constraint's XPath form in the same
     * definition ({@code exists(f:answerBoolean)}) is what {@link #exists_enableWhenHaveABooleanAnswer} checks instead.
     */
    public static List<SingleValidationMessage> errors(IBaseResource resource) {
        return messages(resource).stream().filter(m -> m.getSeverity() == ResultSeverityEnum.ERROR
                || m.getSeverity() == ResultSeverityEnum.FATAL).filter(m -> !isQue7(m)).toList();
    }

    private static boolean isQue7(SingleValidationMessage m) {
        return m.getMessage().startsWith("Constraint failed: que-7:");
    }

    /** Each {@code exists} enableWhen of the Questionnaire has a boolean answer: que-7 as its XPath form says it. */
    public static boolean exists_enableWhenHaveABooleanAnswer(org.hl7.fhir.r4.model.Questionnaire q) {
        return allItems(q.getItem()).stream().flatMap(i -> i.getEnableWhen().stream())
                .filter(w -> w.getOperator() == org.hl7.fhir.r4.model.Questionnaire.QuestionnaireItemOperator.EXISTS)
                .allMatch(w -> w.getAnswer() instanceof org.hl7.fhir.r4.model.BooleanType);
    }

    private static List<org.hl7.fhir.r4.model.Questionnaire.QuestionnaireItemComponent> allItems(
            List<org.hl7.fhir.r4.model.Questionnaire.QuestionnaireItemComponent> items) {
        List<org.hl7.fhir.r4.model.Questionnaire.QuestionnaireItemComponent> all = new java.util.ArrayList<>();
        for (var item : items) {
            all.add(item);
            all.addAll(allItems(item.getItem()));
        }
        return all;
    }

    /** How many que-7 messages the validator gave for the resource (each an {@code exists} enableWhen). */
    public static long que7(IBaseResource resource) {
        return messages(resource).stream().filter(FhirValidation::isQue7).count();
    }

    /** The errors of a resource given as JSON (as the command line writes it). */
    public static List<SingleValidationMessage> errors(String json) {
        return errors(CONTEXT.newJsonParser().parseResource(json));
    }

    public static String describe(SingleValidationMessage m) {
        return m.getSeverity() + " " + m.getLocationString() + ": " + m.getMessage();
    }
}
