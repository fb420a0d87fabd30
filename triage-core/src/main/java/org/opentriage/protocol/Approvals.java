package org.opentriage.protocol;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * The review and approval records of a library's protocols, kept apart from the protocol files so that recording an
 * approval does not change what was approved: a library's {@value #FILE}, one entry per review or approval, in the
 * order they were made, each naming the protocol version, the content hash reviewed, the reviewer's role and id and
 * the date. A protocol is approved when its latest entry for its content hash is an approval; an approval of other
 * content (the file changed since) approves nothing, and a production engine
 * ({@link ProtocolLibrary.Resolution#APPROVED_ONLY}) refuses the protocol, saying so.
 *
 * <pre>{@code
 * format: opentriage/approvals/v1
 * entries:
 *   - protocol: chest-pain-adult@0.2.0
 *     contentHash: sha256:126654b9…
 *     status: reviewed
 *     role: content-reviewer
 *     reviewer: rn-lead-3
 *     date: 2026-12-06
 *   - protocol: chest-pain-adult@0.2.0
 *     contentHash: sha256:126654b9…
 *     status: approved
 *     role: clinical-lead
 *     reviewer: dr-lee
 *     date: 2026-12-07
 * }</pre>
 *
 * <p>An approval needs an earlier review of the same content by someone else (two people, as clinical governance
 * asks). A protocol with no entry keeps the status its own file gives ({@link Protocol#approval()}). Immutable.
 */
public final class Approvals {
    /** The file name in a library's root directory. */
    public static final String FILE = "approvals.yaml";
    static final String FORMAT = "opentriage/approvals/v1";
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,63}");
    private static final Pattern HASH = Pattern.compile("sha256:[0-9a-f]{64}");
    private static final Set<String> KEYS = Set.of("protocol", "contentHash", "status", "role", "reviewer", "date");

    /**
     * One review or approval.
     *
     * @param protocol    the protocol version, {@code id@version}
     * @param contentHash the content reviewed ({@link Protocol#contentHash()})
     * @param status      {@link Approval.Status#REVIEWED} or {@link Approval.Status#APPROVED}
     * @param role        the reviewer's role, such as {@code clinical-lead}
     * @param reviewer    the reviewer's id (pseudonymous, as a nurse id is)
     * @param date        the day of the review
     */
    public record Entry(String protocol, String contentHash, Approval.Status status, String role, String reviewer,
                        LocalDate date) {
        /** Checks the components and copies the lists. */
        public Entry {
            requireNonNull(protocol, "protocol");
            requireNonNull(contentHash, "contentHash");
            requireNonNull(status, "status");
            requireNonNull(role, "role");
            requireNonNull(reviewer, "reviewer");
            requireNonNull(date, "date");
            if (ProtocolRef.parse(protocol).map(r -> !r.toString().equals(protocol)).orElse(true) || !protocol.contains("@")) {
                throw new IllegalArgumentException("protocol must be id@version, not '" + protocol + "'");
            }
            if (!HASH.matcher(contentHash).matches()) {
                throw new IllegalArgumentException("contentHash must be sha256: and 64 hex digits, not '" + contentHash + "'");
            }
            if (status == Approval.Status.DRAFT) {
                throw new IllegalArgumentException("an entry records a review or an approval, not a draft");
            }
            if (!ID.matcher(role).matches() || !ID.matcher(reviewer).matches()) {
                throw new IllegalArgumentException("role and reviewer must be ids (letters, digits, . _ : -), not '"
                        + role + "', '" + reviewer + "'");
            }
        }
    }

    private final List<Entry> entries;

    private Approvals(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /** {@return no entries: each protocol has the status its file gives} */
    public static Approvals none() {
        return new Approvals(List.of());
    }

    /**
     * Records made elsewhere (a host's own store).
     *
     * @param entries the entries, oldest first
     * @return the records
     */
    public static Approvals of(List<Entry> entries) {
        return new Approvals(entries);
    }

    /** {@return every entry, oldest first} */
    public List<Entry> entries() {
        return entries;
    }

    /**
     * Reads a library's approvals file; a file that does not exist has no entries.
     *
     * @param file the file, {@value #FILE} in the library's root
     * @return its entries
     * @throws IllegalArgumentException naming the file and the entry when it is malformed
     */
    public static Approvals read(Path file) {
        if (!Files.exists(file)) {
            return none();
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read: " + e.getMessage(), e);
        }
        return parse(file.toString(), text);
    }

    static Approvals parse(String name, String text) {
        Object root;
        try {
            root = new Load(LoadSettings.builder().setSchema(new CoreSchema()).setAllowDuplicateKeys(false)
                    .setMaxAliasesForCollections(0).setLabel(name).build()).loadFromString(text);
        } catch (YamlEngineException e) {
            throw new IllegalArgumentException(name + ": not well-formed YAML: " + e.getMessage(), e);
        }
        if (!(root instanceof Map<?, ?> map) || !FORMAT.equals(map.get("format"))) {
            throw new IllegalArgumentException(name + ": not an approvals file (format: " + FORMAT + ")");
        }
        Object list = map.get("entries");
        if (list == null) {
            return none();
        }
        if (!(list instanceof List<?> items)) {
            throw new IllegalArgumentException(name + ": entries must be a list");
        }
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String where = name + ": entry " + (i + 1);
            if (!(items.get(i) instanceof Map<?, ?> e)) {
                throw new IllegalArgumentException(where + " is not a mapping");
            }
            for (Object key : e.keySet()) {
                if (!KEYS.contains(String.valueOf(key))) {
                    throw new IllegalArgumentException(where + ": unknown key '" + key + "'");
                }
            }
            try {
                entries.add(new Entry(string(e, "protocol", where), string(e, "contentHash", where),
                        status(string(e, "status", where), where), string(e, "role", where), string(e, "reviewer", where),
                        LocalDate.parse(string(e, "date", where))));
            } catch (DateTimeParseException ex) {
                throw new IllegalArgumentException(where + ": date must be YYYY-MM-DD", ex);
            } catch (IllegalArgumentException ex) {
                String message = String.valueOf(ex.getMessage());
                throw new IllegalArgumentException(message.startsWith(name) ? message : where + ": " + message, ex);
            }
        }
        return new Approvals(entries);
    }

    private static String string(Map<?, ?> entry, String key, String where) {
        Object value = entry.get(key);
        if (value == null) {
            throw new IllegalArgumentException(where + ": missing '" + key + "'");
        }
        return String.valueOf(value);
    }

    private static Approval.Status status(String word, String where) {
        return switch (word) {
            case "reviewed" -> Approval.Status.REVIEWED;
            case "approved" -> Approval.Status.APPROVED;
            default -> throw new IllegalArgumentException(where + ": status must be reviewed or approved, not '" + word + "'");
        };
    }

    /**
     * The entries of one protocol version.
     *
     * @param protocol the protocol version
     * @return its entries, oldest first
     */
    public List<Entry> of(Protocol protocol) {
        return entries.stream().filter(e -> e.protocol().equals(protocol.ref())).toList();
    }

    /**
     * The protocol's status: its file's when no entry names it; otherwise approved when an entry approves its
     * content hash after an earlier review of the same content by someone else (the two-person rule {@link #record}
     * enforces, applied again here to entries written by hand or by a host's store), reviewed when entries name its
     * content but none approves it that way, and {@link Approval.Status#DRAFT} when every entry is for other content
     * (it changed since).
     *
     * @param protocol the protocol version
     * @return its status
     */
    public Approval.Status status(Protocol protocol) {
        List<Entry> mine = of(protocol);
        if (mine.isEmpty()) {
            return protocol.approval().status();
        }
        List<Entry> sameContent = mine.stream().filter(e -> e.contentHash().equals(protocol.contentHash())).toList();
        if (sameContent.isEmpty()) {
            return Approval.Status.DRAFT;
        }
        return sameContent.stream().anyMatch(e -> countsAsApproval(sameContent, e)) ? Approval.Status.APPROVED
                : Approval.Status.REVIEWED;
    }

    /**
     * Whether an entry is an approval that counts: an approval of this content that an earlier entry reviewed, by
     * someone else. The rule {@link #record} enforces when writing is applied again when reading, so that a file
     * written by hand (or a host's store) cannot approve with one person.
     */
    private static boolean countsAsApproval(List<Entry> sameContent, Entry entry) {
        if (entry.status() != Approval.Status.APPROVED) {
            return false;
        }
        for (Entry earlier : sameContent) {
            if (earlier == entry) {
                return false;
            }
            if (earlier.status() == Approval.Status.REVIEWED && !earlier.reviewer().equals(entry.reviewer())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a production engine may run the protocol.
     *
     * @param protocol the protocol version
     * @return whether it is approved for its current content
     */
    public boolean isApproved(Protocol protocol) {
        return status(protocol) == Approval.Status.APPROVED;
    }

    /**
     * Why a production engine refuses the protocol.
     *
     * @param protocol the protocol version
     * @return the reason, naming the approver and both hashes when the content changed; empty when it is approved
     */
    public Optional<String> whyNotApproved(Protocol protocol) {
        if (isApproved(protocol)) {
            return Optional.empty();
        }
        List<Entry> mine = of(protocol);
        Optional<Entry> approved = mine.stream().filter(e -> e.status() == Approval.Status.APPROVED).reduce((a, b) -> b);
        if (approved.isPresent() && !approved.get().contentHash().equals(protocol.contentHash())) {
            return Optional.of(protocol.ref() + " was approved by " + approved.get().role() + ":" + approved.get().reviewer()
                    + " on " + approved.get().date() + " with content " + approved.get().contentHash()
                    + ", but its content is now " + protocol.contentHash()
                    + ": the file changed since; approve the new content, or restore the approved file");
        }
        Optional<Entry> alone = mine.stream().filter(e -> e.status() == Approval.Status.APPROVED
                && e.contentHash().equals(protocol.contentHash())).reduce((a, b) -> b);
        if (alone.isPresent()) {
            return Optional.of(protocol.ref() + " was approved by " + alone.get().role() + ":" + alone.get().reviewer()
                    + " on " + alone.get().date() + " without an earlier review of the same content by another person"
                    + " (an approval needs two people): record a review by someone else, then the approval");
        }
        return Optional.of(protocol.ref() + " is " + status(protocol).word() + ", not approved" + (mine.isEmpty()
                ? " (no review or approval in the library's " + FILE + ")" : ""));
    }

    /**
     * Records a review or an approval of the protocol's current content by {@code role:reviewer}, appended to the
     * library's file (created when missing). An approval needs an earlier review of the same content by someone
     * else; the same person does not review or approve the same content twice.
     *
     * @param file     the library's {@value #FILE}
     * @param protocol the protocol version, as loaded (its content hash is recorded)
     * @param status   reviewed or approved
     * @param role     the reviewer's role
     * @param reviewer the reviewer's id
     * @param date     the day
     * @return the entry written
     * @throws IllegalArgumentException when the rules above refuse it
     */
    public static Entry record(Path file, Protocol protocol, Approval.Status status, String role, String reviewer,
                               LocalDate date) {
        Approvals existing = read(file);
        Entry entry = new Entry(protocol.ref(), protocol.contentHash(), status, role, reviewer, date);
        List<Entry> sameContent = existing.of(protocol).stream()
                .filter(e -> e.contentHash().equals(protocol.contentHash())).toList();
        if (sameContent.stream().anyMatch(e -> e.reviewer().equals(reviewer) && e.status() == status)) {
            throw new IllegalArgumentException(reviewer + " has already " + status.word() + " this content of " + protocol.ref());
        }
        if (status == Approval.Status.APPROVED) {
            if (sameContent.stream().noneMatch(e -> e.status() == Approval.Status.REVIEWED)) {
                throw new IllegalArgumentException(protocol.ref() + " has no review of its content " + protocol.contentHash()
                        + ": record a review (--reviewed) by another person first");
            }
            if (sameContent.stream().filter(e -> e.status() == Approval.Status.REVIEWED)
                    .allMatch(e -> e.reviewer().equals(reviewer))) {
                throw new IllegalArgumentException(reviewer + " reviewed " + protocol.ref()
                        + " and cannot also approve it: an approval needs a second person");
            }
        }
        StringBuilder text = new StringBuilder();
        if (!Files.exists(file)) {
            text.append("# Reviews and approvals of this library's protocols, kept apart from the protocol files so that\n")
                    .append("# recording one does not change what was reviewed. Written by `triage approve`; append only.\n")
                    .append("format: ").append(FORMAT).append('\n').append("entries:\n");
        } else if (existing.entries().isEmpty() && !readText(file).contains("entries:")) {
            text.append("entries:\n");
        }
        text.append("  - protocol: ").append(entry.protocol()).append('\n')
                .append("    contentHash: ").append(entry.contentHash()).append('\n')
                .append("    status: ").append(entry.status().word()).append('\n')
                .append("    role: ").append(entry.role()).append('\n')
                .append("    reviewer: ").append(entry.reviewer()).append('\n')
                .append("    date: ").append(entry.date()).append('\n');
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot write: " + e.getMessage(), e);
        }
        Approvals written = read(file);
        if (!written.entries().contains(entry)) {
            throw new IllegalStateException(file + ": the entry written does not read back");
        }
        return entry;
    }

    private static String readText(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "Approvals[" + entries.size() + " entries]".toLowerCase(Locale.ROOT);
    }
}
