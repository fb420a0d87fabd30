package org.opentriage.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

import org.hl7.fhir.instance.model.api.IBaseResource;
import org.opentriage.fhir.FhirExport;
import org.opentriage.triage.AuditRecord;
import org.opentriage.triage.AuditTrail;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code triage export questionnaire|call}: protocols and finished calls as FHIR R4 JSON. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Writes a protocol or a finished call as FHIR R4 JSON, for an EHR.",
        subcommands = {ExportCommand.Questionnaire.class, ExportCommand.Call.class})
final class ExportCommand {

    @Command(name = "questionnaire", mixinStandardHelpOptions = true,
            description = {
                    "Writes a bundled protocol as a FHIR R4 Questionnaire: canonical url and version, an item per "
                            + "question (type, answer options, units), a group per acuity level, enableWhen where a "
                            + "question's condition can be said in FHIR, other languages as translation extensions, and "
                            + "extensions for what FHIR cannot say (red flags, conditions, rationales, advice)."})
    static final class Questionnaire implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "ID[@VERSION]", description = "The protocol; without a version, its latest.")
        String reference;

        @Option(names = "--out", paramLabel = "FILE", description = "Write the JSON there instead of to standard output.")
        Path out;

        @Override
        public Integer call() {
            write(spec, new FhirExport(Engines.library()).questionnaire(Engines.protocol(reference)), out);
            return ExitCode.OK;
        }
    }

    @Command(name = "call", mixinStandardHelpOptions = true,
            description = {
                    "Verifies an audit trail, then writes one finished call of it as a FHIR R4 Bundle (collection): a "
                            + "QuestionnaireResponse per protocol (referencing its Questionnaire url|version), the "
                            + "disposition with its basis as an Observation, and a Provenance naming the nurse, any "
                            + "approver of a downgrade, each protocol version with its content hash, and the hash of the "
                            + "call's last audit record.",
                    "A broken trail is refused (exit 8); a call that is not in the trail, or not finished, is a usage "
                            + "error (exit 2)."})
    static final class Call implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "TRAIL", description = "The audit trail (JSON Lines).")
        Path trail;

        @Parameters(index = "1", paramLabel = "CALL-ID", description = "The call's id, as the trail records it.")
        String callId;

        @Option(names = "--out", paramLabel = "FILE", description = "Write the JSON there instead of to standard output.")
        Path out;

        @Mixin
        HmacKeyOption hmac;

        @Override
        public Integer call() {
            AuditCommand.verification(trail, hmac.key(), "; nothing is exported");
            List<AuditRecord> records = new ArrayList<>();
            try (AuditTrail.RecordStream stream = AuditTrail.records(trail)) {
                stream.forEachRemaining(r -> {
                    if (r.callId().equals(Optional.of(callId))) {
                        records.add(r);
                    }
                });
            } catch (IOException | UncheckedIOException e) {
                throw new CommandFailure(ExitCode.BAD_INPUT, trail + ": cannot read the audit trail: " + e.getMessage());
            }
            if (records.isEmpty()) {
                throw new CommandFailure(ExitCode.USAGE, trail + ": no call " + Visible.text(callId) + " in the trail");
            }
            try {
                write(spec, new FhirExport(Engines.library()).call(records), out);
            } catch (IllegalArgumentException e) {
                throw new CommandFailure(ExitCode.USAGE, "cannot export call " + Visible.text(callId) + ": " + e.getMessage());
            }
            return ExitCode.OK;
        }
    }

    private static void write(CommandLine.Model.CommandSpec spec, IBaseResource resource, Path file) {
        String json = FhirExport.json(resource);
        if (file == null) {
            spec.commandLine().getOut().println(json);
            return;
        }
        try {
            Files.writeString(file, json + System.lineSeparator());
        } catch (IOException e) {
            throw new CommandFailure(ExitCode.BAD_INPUT, file + ": cannot write: " + e.getMessage());
        }
    }
}
