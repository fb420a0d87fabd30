package org.opentriage.triage;

/** An answer with where it came from, as a call keeps it for snapshots. */
record RecordedAnswer(String protocol, String question, Answer answer, AnswerSource source) {
}
