package org.opentriage.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.concurrent.Callable;

import org.opentriage.protocol.Approval;
import org.opentriage.protocol.Approvals;
import org.opentriage.protocol.Protocol;
import org.opentriage.protocol.ProtocolLibrary;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code triage approve ID@VERSION --as ROLE:ID [--reviewed]}: records a review or an approval of a protocol's content. */
@Command(name = "approve", mixinStandardHelpOptions = true,
        description = {
                "Records that ROLE:ID reviewed (--reviewed) or approved a protocol version's current content, by its "
                        + "content hash, in the library's approvals.yaml (created when missing; append only). The "
                        + "protocol file does not change, so neither does its hash.",
                "An approval needs an earlier review of the same content by someone else. A production engine "
                        + "(triage run --production) runs only protocols approved for their current content: after an "
                        + "edit, the content must be reviewed and approved again.",
                "Exit 2 when the protocol, the reviewer or the rules refuse it; 3 when the library does not load."})
final class ApproveCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "ID@VERSION", description = "The protocol version reviewed (the version is required).")
    String reference;

    @Option(names = "--as", required = true, paramLabel = "ROLE:ID",
            description = "Who: a role (such as clinical-lead or content-reviewer) and a pseudonymous id (dr-lee).")
    String as;

    @Option(names = "--reviewed", description = "Record a review (draft → reviewed) rather than an approval.")
    boolean reviewed;

    @Option(names = "--library", paramLabel = "DIR", defaultValue = "protocols/library",
            description = "The library directory (default: ${DEFAULT-VALUE}, this repository's).")
    Path library;

    @Option(names = "--date", paramLabel = "YYYY-MM-DD", description = "The day of the review (default: today).")
    LocalDate date;

    @Override
    public Integer call() {
        if (!reference.contains("@")) {
            throw new CommandFailure(ExitCode.USAGE, "name the version approved: " + reference + "@VERSION");
        }
        int colon = as.indexOf(':');
        if (colon <= 0 || colon == as.length() - 1) {
            throw new CommandFailure(ExitCode.USAGE, "--as needs ROLE:ID, such as clinical-lead:dr-lee, not '" + as + "'");
        }
        if (!Files.isDirectory(library)) {
            throw new CommandFailure(ExitCode.BAD_INPUT, library + ": not a library directory (give --library DIR)");
        }
        ProtocolLibrary loaded = Engines.directory(library);
        Protocol protocol = loaded.resolve(reference, ProtocolLibrary.Resolution.ANY_STATUS).orElseThrow(
                () -> new CommandFailure(ExitCode.USAGE, "no protocol '" + reference + "' in the library in " + library));
        Approval.Status status = reviewed ? Approval.Status.REVIEWED : Approval.Status.APPROVED;
        Approvals.Entry entry;
        try {
            entry = Approvals.record(library.resolve(Approvals.FILE), protocol, status, as.substring(0, colon),
                    as.substring(colon + 1), date == null ? LocalDate.now() : date);
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(ExitCode.USAGE, "not recorded: " + e.getMessage());
        }
        spec.commandLine().getOut().println(entry.protocol() + " " + entry.status().word() + " by " + entry.role() + ":"
                + entry.reviewer() + " on " + entry.date() + " for content " + entry.contentHash() + " ("
                + library.resolve(Approvals.FILE) + ")");
        return ExitCode.OK;
    }
}
