// A small group's shared draft on the phone: each field saves as it is typed (debounced), through an offline
// queue in localStorage, so a dropped connection, a restarted laptop or a reloaded page loses nothing.
//
// Every save carries the revision its text was based on. The laptop takes it on the current revision; on an
// older one (another phone saved meanwhile) it keeps the field as it is and puts this text into the field's
// history as an open conflict, which every phone of the group sees with „Diesen Text nehmen“, „Beide Texte
// behalten“ and „Zur Seite legen“. A phone that keeps typing on its stale base updates its own conflict
// (`replaces`). Other phones' edits arrive live (server-sent events, polling where they fail); a field with
// text not yet saved here is never overwritten by them.
(function () {
  "use strict";
  var body = document.body;
  var api = body.getAttribute("data-api"), path = body.getAttribute("data-path");
  var csrf = body.getAttribute("data-csrf"), code = body.getAttribute("data-code");
  if (!api || !window.fetch || !window.JSON || body.getAttribute("data-closed") === "1") { return; }
  var DEBOUNCE = 400;

  function $(selector) { return document.querySelector(selector); }
  function text(name) { return body.getAttribute("data-msg-" + name) || ""; }
  function say(message, isError) {
    var status = $("#status");
    if (!status) { return; }
    status.textContent = message || "";
    status.className = isError ? "error" : "";
  }

  var group = JSON.parse($("#group-state").textContent);
  var prefix = "werkstatt:" + api + ":group:" + group.id + ":";
  function load(name, fallback) {
    try { var raw = window.localStorage.getItem(prefix + name); return raw ? JSON.parse(raw) : fallback; }
    catch (error) { return fallback; }
  }
  function keep(name, value) {
    try { window.localStorage.setItem(prefix + name, JSON.stringify(value)); } catch (error) { /* full */ }
  }

  // Per field: the revision this phone's text is based on, and the save waiting to go (one per field: the
  // newest text replaces an older one not yet sent, since each save carries the whole field).
  var bases = load("bases", {}), pending = load("pending", {}), timers = {};
  group.fields.forEach(function (field) { if (!(field.name in bases)) { bases[field.name] = field.rev; } });

  function input(name) { return document.getElementById("f-" + name); }

  function post(endpoint, data) {
    var controller = window.AbortController ? new AbortController() : null;
    var timeout = controller ? setTimeout(function () { controller.abort(); }, 10000) : null;
    return fetch(api + "/group/" + endpoint, {
      method: "POST", credentials: "same-origin", signal: controller ? controller.signal : undefined,
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf }, body: JSON.stringify(data)
    }).then(function (response) {
      clearTimeout(timeout);
      return response.json().then(function (json) { return { status: response.status, data: json }; },
                                  function () { return { status: response.status, data: {} }; });
    }, function (error) { clearTimeout(timeout); throw error; });
  }
  function rejoin() {
    return fetch(api + "/join", { method: "POST", credentials: "same-origin",
                                  headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf }, body: "{}" })
      .then(function (response) { return response.json(); })
      .then(function (data) { if (data.csrf) { csrf = data.csrf; } });
  }
  function withRetry(endpoint, data) {
    return post(endpoint, data).then(function (result) {
      var code = result.data && result.data.error;
      if (code === "forgery" || code === "no_device") {
        return rejoin().then(function () { return post(endpoint, data); });
      }
      return result;
    });
  }

  // ---------------------------------------------------------------- saving
  function typed(name) {
    var element = input(name);
    var save = pending[name] || { base: bases[name], replaces: null, settles: null };
    save.text = element.value;
    pending[name] = save;
    keep("pending", pending);
    clearTimeout(timers[name]);
    timers[name] = setTimeout(function () { delete timers[name]; flush(); }, DEBOUNCE);
  }

  var flushing = false, waitTimer = null, backoff = 1000;
  function flush() {
    if (flushing) { return; }
    var names = Object.keys(pending).filter(function (name) { return !timers[name]; });
    if (!names.length) { return; }
    var name = names[0], save = pending[name], sent = save.text, sentBase = save.base;
    flushing = true;
    say(text("saving"), false);
    withRetry("save", { group: group.id, field: name, text: sent, base: sentBase, replaces: save.replaces,
                        settles: save.settles })
      .then(function (result) {
        flushing = false;
        if (result.status === 429 || result.status >= 500) { wait(result.data && result.data.message); return; }
        backoff = 1000;
        var now = pending[name];
        if (result.status !== 200) {  // refused for good (locked, too long, the phase is over): say why, keep the text
          if (now === save) { delete pending[name]; keep("pending", pending); }
          keepUnsent(name, sent);
          say(result.data && result.data.message, true);
          if (result.data && result.data.error === "invalid") { showProblem(name, result.data.message); }
          flush();
          return;
        }
        var answer = result.data;
        if (answer.conflict) {
          // Another phone saved first: this text went into the history, shown to the whole group. Text typed
          // since then still rests on the old base and updates the same entry.
          bases[name] = answer.rev;
          if (now && now !== save) { now.replaces = answer.conflict; }
          else { delete pending[name]; setField(name, answer.text, answer.rev); }
        } else {
          bases[name] = answer.rev;
          if (now && now !== save) { now.base = answer.rev; now.settles = null; }  // typed on: it rests on this save
          else { delete pending[name]; }
        }
        keep("pending", pending);
        keep("bases", bases);
        say(Object.keys(pending).length ? text("saving") : text("saved"), false);
        flush();
      }, function () { flushing = false; wait(); });
  }
  function wait(message) {
    say(message || text("queued"), true);
    if (waitTimer) { return; }
    waitTimer = setTimeout(function () { waitTimer = null; flush(); }, backoff);
    backoff = Math.min(backoff * 2, 10000);
  }
  window.addEventListener("online", function () {
    if (waitTimer) { clearTimeout(waitTimer); waitTimer = null; }
    backoff = 1000;
    flush();
  });

  // A text the laptop refused for good stays on the page under „Nicht gespeichert:“, to copy, however the
  // field changes afterwards.
  function keepUnsent(name, value) {
    var box = $("#unsent");
    if (!box || !value) { return; }
    var quote = document.createElement("blockquote");
    quote.setAttribute("dir", "auto");
    var field = group.fields.filter(function (item) { return item.name === name; })[0];
    quote.textContent = (field ? field.label + ": " : "") + value;
    box.appendChild(quote);
    box.hidden = false;
  }

  function showProblem(name, message) {
    var problem = document.getElementById("p-" + name);
    if (!problem) { return; }
    problem.textContent = message || "";
    problem.hidden = !message;
  }

  function setField(name, value, rev) {
    var element = input(name);
    // The laptop trims what it stores: a space just typed at the end stays in the field being typed in.
    var same = element && document.activeElement === element && element.value.trim() === value.trim();
    if (element && element.value !== value && !same) { element.value = value; }
    bases[name] = rev;
  }

  // ---------------------------------------------------------------- what the others did
  function apply(state) {
    group = state;
    var members = $("#members");
    if (members) { members.textContent = text("members").replace("{count}", state.members); }
    var lockedNote = $("#locked");
    if (lockedNote) { lockedNote.hidden = !state.locked; }
    state.fields.forEach(function (field) {
      var element = input(field.name);
      if (!element) { return; }
      element.readOnly = state.locked || !member || field.hidden;
      if (element.tagName === "SELECT") { element.disabled = state.locked || !member || field.hidden; }
      if (!pending[field.name] && !timers[field.name]) { setField(field.name, field.text, field.rev); }
      showProblem(field.name, field.problem);
      var note = element.parentNode.querySelector(".hidden-note");
      if (note) { note.hidden = !field.hidden; }
    });
    keep("bases", bases);
    showConflicts(state.conflicts);
  }

  function button(label, secondary, action) {
    var element = document.createElement("button");
    element.type = "button";
    element.textContent = label;
    if (secondary) { element.className = "secondary"; }
    element.addEventListener("click", action);
    return element;
  }

  function showConflicts(conflicts) {
    var box = $("#conflicts");
    box.textContent = "";
    conflicts.forEach(function (conflict) {
      var item = document.createElement("div");
      item.className = "conflict";
      item.setAttribute("data-entry", conflict.id);
      var lead = document.createElement("p");
      lead.textContent = text("conflict").replace("{field}", conflict.label);
      var quote = document.createElement("blockquote");
      quote.setAttribute("dir", "auto");
      quote.textContent = conflict.text;
      var row = document.createElement("div");
      row.className = "row";
      if (member && !group.locked) {
        row.appendChild(button(text("take"), false, function () { settleWith(conflict, conflict.text); }));
        row.appendChild(button(text("append"), true, function () {
          var current = input(conflict.field).value;
          settleWith(conflict, current ? current + "\n" + conflict.text : conflict.text);
        }));
        row.appendChild(button(text("drop"), true, function () {
          item.remove();
          withRetry("settle", { group: group.id, entry: conflict.id });
        }));
      }
      item.appendChild(lead);
      item.appendChild(quote);
      item.appendChild(row);
      box.appendChild(item);
    });
  }

  function settleWith(conflict, value) {
    var element = input(conflict.field);
    if (element.tagName !== "TEXTAREA" && value.indexOf("\n") >= 0) { value = value.replace(/\n/g, " "); }
    element.value = value;
    typed(conflict.field);
    pending[conflict.field].settles = conflict.id;
    keep("pending", pending);
  }

  var member = body.getAttribute("data-member") === "1";
  var source = null, pollTimer = null;
  function listen() {
    if (!member) { return; }
    if (window.EventSource) {
      source = new EventSource(api + "/group/live");
      source.onmessage = function (event) { try { apply(JSON.parse(event.data)); } catch (error) { /* partial */ } };
      source.onerror = function () { if (!pollTimer) { pollTimer = setInterval(poll, 2000); } };
      source.onopen = function () { if (pollTimer) { clearInterval(pollTimer); pollTimer = null; } flush(); };
    } else {
      pollTimer = setInterval(poll, 2000);
    }
  }
  function poll() {
    fetch(api + "/group", { credentials: "same-origin" }).then(function (response) { return response.json(); })
      .then(function (data) { if (data.group && data.group.id === group.id) { apply(data.group); flush(); } },
            function () { /* still away */ });
  }

  // ---------------------------------------------------------------- joining, leaving, the fields
  function joined() {
    member = true;
    body.setAttribute("data-member", "1");
    var form = $("#join-form");
    if (form) { form.remove(); }
    poll();
    listen();
  }
  if (!member) {
    withRetry("join", { code: code }).then(function (result) {
      if (result.status === 200) { joined(); } else { say(result.data && result.data.message, true); }
    }, function () { say(text("queued"), true); });
  } else {
    listen();
  }
  var leave = $("#leave");
  if (leave) {
    leave.addEventListener("click", function () {
      withRetry("leave", {}).then(function () { window.location.href = path; });
    });
  }

  group.fields.forEach(function (field) {
    var element = input(field.name);
    if (!element) { return; }
    element.addEventListener(element.tagName === "SELECT" ? "change" : "input", function () {
      if (member && !group.locked) { typed(field.name); }
    });
    if (pending[field.name]) { element.value = pending[field.name].text; }  // typed before a reload, not yet saved
  });
  var draft = $("#draft");
  if (draft) { draft.addEventListener("submit", function (event) { event.preventDefault(); flush(); }); }
  showConflicts(group.conflicts);
  flush();
})();
