// The nurse console's page: plain JavaScript over the REST API (docs/api.md), no build step, no network but the
// console itself. Every text from the server is set with textContent, never parsed as HTML.
"use strict";

const state = { csrf: "", user: "", roles: [], call: null, searchResults: [], selected: -1, protocol: null, dispositions: [], reasons: [] };

const $ = (id) => document.getElementById(id);
const views = ["login-view", "start-view", "call-view", "audit-view", "calls-view"];

function show(view) {
  views.forEach((v) => { $(v).hidden = v !== view; });
  $("whoami").hidden = view === "login-view";
}

function message(text, kind) {
  const box = $("message");
  box.textContent = text || "";
  box.className = kind === "info" ? "info" : "";
  box.hidden = !text;
}

function el(tag, text, cls) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = text;
  if (cls) node.className = cls;
  return node;
}

function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
  return node;
}

/** Calls the API; a problem detail becomes an Error carrying it. */
async function api(method, path, body, version) {
  const headers = { "Accept": "application/json" };
  if (method !== "GET") {
    headers["Content-Type"] = "application/json";
    headers["X-CSRF-Token"] = state.csrf;
  }
  if (version !== undefined) headers["If-Match"] = '"' + version + '"';
  const response = await fetch(path, { method, headers, credentials: "same-origin", body: body === undefined ? undefined : JSON.stringify(body) });
  if (response.status === 204) return null;
  const data = await response.json();
  if (!response.ok) {
    const error = new Error(data.detail || response.statusText);
    error.problem = data;
    throw error;
  }
  return data;
}

function failed(error) {
  const p = error.problem;
  if (p && p.code === "CONSOLE-0002") {
    show("login-view");
    $("login-user").focus();
  }
  message(p ? p.detail + " (" + p.code + ")" : String(error));
}

// ---- login

async function restoreSession() {
  try {
    loggedIn(await api("GET", "/api/session"));
  } catch (e) {
    show("login-view");
    $("login-user").focus();
  }
}

function loggedIn(session) {
  state.csrf = session.csrfToken;
  state.user = session.user;
  state.roles = session.roles;
  $("user-name").textContent = session.user + " (" + session.roles.join(", ") + ")";
  api("GET", "/api/dispositions").then((d) => { state.dispositions = d.dispositions; state.reasons = d.reasonCodes; }).catch(failed);
  const shown = /^#call=([A-Za-z0-9._:-]+)$/.exec(location.hash);
  if (shown) {
    // A reload (or a second tab opened on the call's address) shows the call as it is now.
    api("GET", "/api/calls/" + shown[1]).then(showCall).catch((e) => { failed(e); newCall(); });
  }
  api("GET", "/api/protocols").then((all) => {
    const list = clear($("protocol-ids"));
    all.forEach((p) => { const o = el("option", p.title); o.value = p.id; list.append(o); });
  }).catch(failed);
  if (!shown) newCall();
}

$("login-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  try {
    const session = await api("POST", "/api/login", { user: $("login-user").value, password: $("login-password").value });
    $("login-password").value = "";
    message("");
    loggedIn(session);
  } catch (e) {
    $("login-password").value = "";
    failed(e);
  }
});

$("logout").addEventListener("click", async () => {
  try { await api("POST", "/api/logout", {}); } catch (e) { /* the session is gone either way */ }
  state.csrf = ""; state.call = null;
  message("Logged out.", "info");
  show("login-view");
  $("login-user").focus();
});

// ---- search and start

function newCall() {
  state.call = null;
  history.replaceState(null, "", location.pathname);
  state.searchResults = [];
  state.selected = -1;
  clear($("search-results"));
  $("start-form").reset();
  show("start-view");
  $("start-form").hidden = true;
  $("search-words").focus();
}
$("nav-new").addEventListener("click", () => { message(""); newCall(); });

$("search-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const params = new URLSearchParams({ search: $("search-words").value, age: $("search-age").value });
  try {
    state.searchResults = await api("GET", "/api/protocols?" + params);
    message(state.searchResults.length ? "" : "No protocol found for these words at this age.");
    renderResults();
    if (state.searchResults.length) selectResult(0);
  } catch (e) { failed(e); }
});

function renderResults() {
  const list = clear($("search-results"));
  state.searchResults.forEach((p, i) => {
    const item = el("li");
    item.tabIndex = -1;
    item.dataset.index = i;
    item.append(el("strong", p.title), " ", el("small", p.id + "@" + p.version + " · " + p.population + " · " + p.status));
    item.addEventListener("click", () => { selectResult(i); pickResult(); });
    list.append(item);
  });
}

function selectResult(i) {
  state.selected = i;
  [...$("search-results").children].forEach((li, j) => li.classList.toggle("selected", i === j));
  const item = $("search-results").children[i];
  if (item) item.focus();
}

function pickResult() {
  state.protocol = state.searchResults[state.selected];
  if (!state.protocol) return;
  $("start-protocol").textContent = state.protocol.title;
  $("patient-age").value = $("search-age").value;
  $("start-form").hidden = false;
  $("patient-reference").focus();
}

$("search-results").addEventListener("keydown", (event) => {
  if (event.key === "ArrowDown") { selectResult(Math.min(state.selected + 1, state.searchResults.length - 1)); event.preventDefault(); }
  if (event.key === "ArrowUp") { selectResult(Math.max(state.selected - 1, 0)); event.preventDefault(); }
  if (event.key === "Enter") { pickResult(); event.preventDefault(); }
});
$("search-words").addEventListener("keydown", (event) => {
  if (event.key === "ArrowDown" && state.searchResults.length) { selectResult(0); event.preventDefault(); }
});

$("start-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const sex = document.querySelector("input[name=sex]:checked").value;
  const patient = { reference: $("patient-reference").value.trim(), age: $("patient-age").value.trim(), sex };
  if ($("patient-pregnant").checked) patient.pregnant = true;
  const facts = {};
  document.querySelectorAll("#start-form [data-fact]").forEach((input) => {
    if (input.value.trim()) facts[input.dataset.fact] = input.value.trim();
  });
  if (Object.keys(facts).length) patient.facts = facts;
  try {
    const language = $("call-language").value;
    localStorage.setItem("opentriage.language", language);
    const call = await api("POST", "/api/calls", { patient, protocols: [state.protocol.id], language });
    message("");
    showCall(call);
  } catch (e) { failed(e); }
});

// ---- the call

function showCall(call) {
  if (!state.call || state.call.id !== call.id) {
    // Another call: nothing typed for the one before carries over.
    $("override-form").reset();
    $("add-protocol-form").reset();
  }
  state.call = call;
  history.replaceState(null, "", "#call=" + call.id);
  show("call-view");
  // Where the call is, for tests and for the eye of a developer: the version shown and the question asked.
  $("call-view").dataset.version = call.version;
  $("call-view").dataset.question = call.ask ? call.ask.question.id : "";
  $("call-id").textContent = call.id;
  $("call-state").textContent = call.state;
  $("call-protocols").textContent = "Protocols: " + call.protocols.filter((p) => !p.general).map((p) => p.title).join(", ")
    + " · general assessment included";
  renderSuggestions(call.suggestions || []);
  $("question").hidden = !call.ask;
  $("outcome").hidden = !call.outcome;
  if (call.ask) renderQuestion(call.ask);
  if (call.outcome) renderOutcome(call);
}

function renderSuggestions(suggestions) {
  const box = clear($("suggestions"));
  suggestions.forEach((s) => {
    const div = el("div", null, "suggestion");
    div.append("The answer suggests ", el("strong", s.title), " (" + s.protocol + "). ");
    const add = el("button", "Add it (a)");
    add.type = "button";
    add.addEventListener("click", () => changeProtocol(s.protocol, "add"));
    const decline = el("button", "Decline (d)", "quiet");
    decline.type = "button";
    decline.addEventListener("click", () => changeProtocol(s.protocol, "decline"));
    div.append(add, " ", decline);
    box.append(div);
  });
}

async function changeProtocol(protocol, action) {
  await write("/protocols", { protocol, action });
}

/** Writes a step of the call from the version shown; a stale version reloads the call and says so. */
async function write(path, body) {
  const call = state.call;
  try {
    const next = await api("POST", "/api/calls/" + call.id + path, body, call.version);
    message("");
    showCall(next);
    return true;
  } catch (e) {
    if (e.problem && e.problem.code === "CONSOLE-0009") {
      showCall(await api("GET", "/api/calls/" + call.id));
      message("This call was changed in another tab or by another nurse; it is shown as it is now. Decide again.");
    } else {
      failed(e);
    }
    return false;
  }
}

function renderQuestion(ask) {
  const q = ask.question;
  $("question-protocol").textContent = ask.protocolTitle || ask.protocol;
  $("question-text").textContent = q.text;
  $("question-red-flag").hidden = !q.redFlag;
  $("question-rationale").hidden = !q.rationale;
  $("question-rationale").textContent = q.rationale ? "Why: " + q.rationale : "";
  const controls = clear($("answer-controls"));
  const unknown = ask.unknownAllowed;
  let hint = "";
  if (q.type === "yesno") {
    const box = el("div", null, "answer-buttons");
    box.append(answerButton("y", "Yes", "yes"), answerButton("n", "No", "no"));
    if (unknown) box.append(answerButton("?", "Don't know", "unknown"));
    controls.append(box);
    hint = "Keys: y yes, n no" + (unknown ? ", ? don't know" : "") + ".";
  } else if (q.type === "choice") {
    const list = el("ol", null, "options");
    q.options.forEach((o, i) => {
      const b = answerButton(String(i + 1), o.text, { option: o.code });
      b.dataset.code = o.code;
      b.classList.add("quiet");
      const li = el("li");
      li.append(b);
      list.append(li);
    });
    controls.append(list);
    if (unknown) controls.append(answerButton("?", "Don't know", "unknown"));
    hint = "Keys: 1–" + q.options.length + " pick an option" + (unknown ? ", ? don't know" : "") + ".";
  } else if (q.type === "checklist") {
    const list = el("ol", null, "options");
    q.items.forEach((item, i) => {
      const label = el("label");
      const box = el("input");
      box.type = "checkbox";
      box.value = item.code;
      box.dataset.code = item.code;
      box.dataset.key = String(i + 1);
      label.append(box, " ", el("kbd", String(i + 1)), item.text);
      const li = el("li");
      li.append(label);
      list.append(li);
    });
    controls.append(list);
    const submit = el("button", "These apply (Enter)");
    submit.type = "submit";
    const none = answerButton("0", "None of these", { items: [] });
    none.classList.add("quiet");
    controls.append(submit, " ", none);
    if (unknown) controls.append(" ", answerButton("?", "Don't know", "unknown"));
    hint = "Keys: 1–" + q.items.length + " tick an item, Enter when done, 0 none of these" + (unknown ? ", ? don't know" : "") + ".";
  } else if (q.type === "number") {
    const value = el("input");
    value.id = "answer-value";
    value.inputMode = "decimal";
    value.autocomplete = "off";
    value.size = 8;
    const unit = el("select");
    unit.id = "answer-unit";
    q.units.concat(q.alsoAccepted || []).forEach((u) => { const o = el("option", u); o.value = u; unit.append(o); });
    const confirm = el("label");
    const confirmBox = el("input");
    confirmBox.type = "checkbox";
    confirmBox.id = "answer-confirm";
    confirm.append(confirmBox, " the caller confirms this unusual value");
    confirm.hidden = true;
    confirm.id = "answer-confirm-label";
    const submit = el("button", "Answer (Enter)");
    submit.type = "submit";
    controls.append(value, " ", unit, " ", submit, " ", confirm);
    if (unknown) controls.append(" ", answerButton("?", "Don't know", "unknown"));
    hint = "Type the number and pick the unit, or type both (3 d, 101 F), then Enter." + (unknown ? " ? alone: don't know." : "");
  }
  $("answer-hint").textContent = hint;
  const first = controls.querySelector("input, button");
  if (q.type === "number") $("answer-value").focus(); else if (first) first.focus();
}

function answerButton(key, text, answer) {
  const b = el("button");
  b.type = "button";
  b.dataset.key = key;
  b.append(el("kbd", key), text);
  b.addEventListener("click", () => answer === "unknown" ? sendAnswer("unknown") : sendAnswer(answer));
  return b;
}

async function sendAnswer(answer, confirmed) {
  const body = { answer };
  if (confirmed) body.confirmed = true;
  try {
    const next = await api("POST", "/api/calls/" + state.call.id + "/answers", body, state.call.version);
    message("");
    showCall(next);
  } catch (e) {
    if (e.problem && e.problem.code === "CONSOLE-0010" && e.problem.reason === "NEEDS_CONFIRMATION") {
      $("answer-confirm-label").hidden = false;
      $("answer-confirm").focus();
    }
    if (e.problem && e.problem.code === "CONSOLE-0009") {
      showCall(await api("GET", "/api/calls/" + state.call.id));
      message("This call was changed in another tab or by another nurse; it is shown as it is now. Decide again.");
      return;
    }
    failed(e);
  }
}

$("answer-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const q = state.call && state.call.ask && state.call.ask.question;
  if (!q) return;
  if (q.type === "checklist") {
    const items = [...document.querySelectorAll("#answer-controls input[type=checkbox]:checked")].map((b) => b.value);
    sendAnswer({ items });
  } else if (q.type === "number") {
    const value = $("answer-value").value.trim();
    if (value === "?") { sendAnswer("unknown"); return; }
    if (!value) return;
    // A number alone takes the unit picked; a number typed with its unit ("3 d", "101 F") is read as typed.
    const answer = /^-?[0-9]+([.,][0-9]+)?$/.test(value) ? { value: value.replace(",", "."), unit: $("answer-unit").value } : value;
    sendAnswer(answer, $("answer-confirm").checked);
  }
});

$("withdraw").addEventListener("click", () => write("/answers", { withdraw: true }));

function renderOutcome(call) {
  const o = call.outcome;
  const final = $("final-disposition");
  final.textContent = o.final.label + " — " + o.final.timeFrame;
  final.className = "disposition " + o.final.category;
  $("recommended").textContent = o.final.id === o.recommended.id ? "Recommended by the protocols: " + o.recommended.label
    : "Recommended " + o.recommended.label + "; overridden to " + o.final.label;
  $("outcome-error").hidden = !o.error;
  $("outcome-error").textContent = o.error ? "The software failed: " + o.error : "";
  const basis = clear($("basis"));
  o.basis.forEach((b) => {
    const li = el("li");
    li.append(el("strong", b.protocol), ": " + b.disposition + " — ");
    li.append(b.triggerText ? "“" + b.triggerText + "” " + (b.basis === "UNKNOWN_ANSWER" || b.basis === "UNKNOWN_ESCALATED" ? "(don't know)" : "(yes)")
      : (b.basis === "DEFAULT" ? "no question positive" : b.basis.toLowerCase()));
    if (b.rationale) li.append(el("div", "Why: " + b.rationale, "muted"));
    if (b.evidence && b.evidence.length) li.append(el("div", "Answers read: " + b.evidence.map((e) => e.question + " = " + e.answer).join(", "), "muted"));
    basis.append(li);
  });
  o.modifiers.forEach((m) => basis.append(el("li", "Raised by " + m.modifier + " from " + m.from + " to " + m.to + ": " + m.reason)));
  const advice = clear($("care-advice"));
  o.careAdvice.forEach((a) => advice.append(el("li", a)));
  const back = clear($("call-back"));
  o.callBackIf.forEach((a) => back.append(el("li", a)));
  const done = clear($("overrides-done"));
  o.overrides.forEach((v) => done.append(el("p", "Override " + v.direction + " from " + v.from + " to " + v.to + " (" + v.reasonCode
    + ": " + v.note + ") by " + v.nurse + (v.approver ? ", approved by " + v.approver : ""))));
  const open = call.state === "RECOMMENDED";
  $("call-actions").hidden = !open;
  if (open) {
    const to = clear($("override-to"));
    state.dispositions.filter((d) => d.id !== o.final.id).forEach((d) => {
      const opt = el("option", d.label + " (" + d.id + ")");
      opt.value = d.id;
      opt.dataset.acuity = d.acuity;
      to.append(opt);
    });
    const reason = clear($("override-reason"));
    state.reasons.forEach((r) => { const opt = el("option", r); opt.value = r; reason.append(opt); });
    updateApprover();
  }
  // The disposition first: the nurse reads it out before anything else.
  final.tabIndex = -1;
  final.focus();
}

function updateApprover() {
  const o = state.call && state.call.outcome;
  const selected = $("override-to").selectedOptions[0];
  const downgrade = o && selected && Number(selected.dataset.acuity) < o.final.acuity;
  $("approver").hidden = !downgrade;
}
$("override-to").addEventListener("change", updateApprover);

$("override-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const body = { to: $("override-to").value, reasonCode: $("override-reason").value, note: $("override-note").value };
  if (!$("approver").hidden && $("approver-user").value) {
    body.approver = { user: $("approver-user").value, password: $("approver-password").value };
  }
  $("approver-password").value = "";
  if (await write("/overrides", body)) $("override-note").value = "";
});

$("add-protocol-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  if ($("add-protocol-id").value.trim()) await changeProtocol($("add-protocol-id").value.trim(), "add");
});

$("close-call").addEventListener("click", async () => {
  if (await write("/close", {})) message("Call closed.", "info");
});

// ---- audit trail

async function showAudit() {
  const id = state.call.id;
  try {
    const audit = await api("GET", "/api/calls/" + id + "/audit");
    show("audit-view");
    $("audit-call").textContent = id;
    const v = audit.verification;
    const ok = v.status === "INTACT" || v.status === "INTACT_SO_FAR";
    const verification = $("audit-verification");
    verification.className = "verification " + (ok ? "ok" : "bad");
    verification.textContent = (ok ? "Verified: " : "NOT verified: ") + v.status.replace(/_/g, " ").toLowerCase() + ", " + v.records + " records"
      + (v.authenticated ? ", HMAC checked" : ", NOT authenticated") + (v.head ? "; head " + v.head.slice(0, 16) + "…" : "")
      + (v.problem ? " — " + v.problem : "");
    const r = audit.replay;
    $("audit-replay").textContent = r.reproduced ? "Replayed on the pinned protocol versions: reproduced" + (r.disposition ? " (" + r.disposition + ")" : "")
      : "Replay: NOT reproduced " + (r.differences || []).join("; ");
    $("audit-download").href = "/api/calls/" + id + "/audit.jsonl";
    const rows = clear($("audit-records"));
    audit.records.forEach((rec) => {
      const tr = el("tr");
      tr.append(el("td", String(rec.seq)), el("td", rec.time), el("td", rec.events.map(describeEvent).join("; ")));
      rows.append(tr);
    });
    $("audit-back").focus();
  } catch (e) { failed(e); }
}

function describeEvent(e) {
  switch (e.type) {
    case "AnswerGiven": return "answer " + e.question + " = " + answerText(e.answer) + (e.source ? " (" + e.source + ")" : "");
    case "QuestionAsked": return "asked " + e.question + (e.redFlag ? " (red flag)" : "");
    case "DispositionReached": return e.protocol + " → " + e.disposition;
    case "Recommended": return "recommended " + e.disposition;
    case "OverrideApplied": return "override " + e.direction + " " + e.from + " → " + e.to + " by " + e.nurse + (e.approver ? ", approved by " + e.approver : "");
    case "CallStarted": return "started by " + e.nurse;
    case "CallClosed": return "closed: " + e.final;
    default: return e.type;
  }
}

/** An answer as the trail records it (docs/audit-format.md), in words. */
function answerText(a) {
  if (a === null) return "don't know";
  if (a === true) return "yes";
  if (a === false) return "no";
  if (a.option) return a.option;
  if (a.items) return a.items.length ? a.items.join(", ") : "none";
  if (a.value) return a.value + " " + (a.unit || "");
  return JSON.stringify(a);
}

$("show-audit").addEventListener("click", showAudit);
$("audit-back").addEventListener("click", () => showCall(state.call));

// ---- list of calls

$("nav-calls").addEventListener("click", async () => {
  try {
    const calls = await api("GET", "/api/calls");
    show("calls-view");
    const rows = clear($("calls-list"));
    calls.forEach((c) => {
      const tr = el("tr");
      const link = el("a", c.id.slice(0, 8) + "…", "mono");
      link.href = "#";
      link.addEventListener("click", async (event) => { event.preventDefault(); showCall(await api("GET", "/api/calls/" + c.id)); });
      const cell = el("td");
      cell.append(link);
      tr.append(cell, el("td", c.nurse), el("td", c.state), el("td", c.protocols.filter((p) => !p.general).map((p) => p.id).join(", ")),
        el("td", c.final ? c.final.id : ""));
      rows.append(tr);
    });
  } catch (e) { failed(e); }
});

// ---- keyboard

document.addEventListener("keydown", (event) => {
  if (event.ctrlKey || event.metaKey || event.altKey) return;
  const typing = event.target.tagName === "INPUT" && event.target.type !== "checkbox" && event.target.type !== "radio"
    || event.target.tagName === "SELECT" || event.target.tagName === "TEXTAREA";
  const key = event.key;
  if (key === "Escape" && typing) {
    // Leaves the field without the mouse, so that the single-key commands work again.
    event.target.blur();
    event.preventDefault();
    return;
  }
  if (!$("start-view").hidden) {
    if (!$("start-form").hidden && !typing && (key === "f" || key === "m")) {
      const sex = document.querySelector("input[name=sex][value=" + (key === "f" ? "female" : "male") + "]");
      sex.checked = true;
      sex.focus();
      event.preventDefault();
    }
    return;
  }
  if (!$("audit-view").hidden && !typing && key === "b") { showCall(state.call); event.preventDefault(); return; }
  if ($("call-view").hidden || typing && !(key === "?" && event.target.id === "answer-value" && !event.target.value)) return;
  const call = state.call;
  if (call.suggestions && call.suggestions.length && (key === "a" || key === "d")) {
    changeProtocol(call.suggestions[0].protocol, key === "a" ? "add" : "decline");
    event.preventDefault();
    return;
  }
  if (call.ask) {
    const match = [...document.querySelectorAll("#answer-controls [data-key]")].find((b) => b.dataset.key === key);
    if (match) {
      if (match.type === "checkbox") match.checked = !match.checked; else match.click();
      event.preventDefault();
    } else if (key === "Enter" && call.ask.question.type === "checklist" && event.target.tagName !== "BUTTON") {
      $("answer-form").requestSubmit();
      event.preventDefault();
    } else if (key === "u") {
      $("withdraw").click();
      event.preventDefault();
    } else if (key === "t") {
      showAudit();
      event.preventDefault();
    }
    return;
  }
  if (call.outcome) {
    if (key === "c" && call.state === "RECOMMENDED") { $("close-call").click(); event.preventDefault(); }
    if (key === "o" && call.state === "RECOMMENDED") { $("override-to").focus(); event.preventDefault(); }
    if (key === "a" && call.state === "RECOMMENDED") { $("add-protocol-id").focus(); event.preventDefault(); }
    if (key === "t") { showAudit(); event.preventDefault(); }
    if (key === "u" && call.state === "RECOMMENDED") { $("withdraw").click(); event.preventDefault(); }
  }
});

restoreSession();

// The nurse's last choice of language is kept for the next call on this browser.
$("call-language").value = localStorage.getItem("opentriage.language") || "en";
