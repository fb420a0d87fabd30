/**
 * The {@code triage} command line: {@link org.opentriage.cli.TriageCommand} is the entry point; each command
 * writes to the writers picocli is given, so tests capture its output, and ends with a code named in
 * {@link org.opentriage.cli.ExitCode}. Everything else is package-private.
 */
package org.opentriage.cli;
