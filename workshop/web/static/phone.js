// The participants' page without reloads: ideas and dots through the JSON API, live updates by
// server-sent events (polling every 2 s where they fail). Every form also works without this script.
//
// Nothing the person sent or typed is lost: ideas and dot changes wait in a queue in localStorage and
// are delivered one after the other, exactly once, when the laptop answers again (Wi-Fi gone, server
// restarted, page reloaded); an idea carries its client id, a dot change its own order (seq), so a
// retry never counts twice and a late one never undoes a newer one. A refused forgery token or device
// is fetched again for the same device (POST join keeps a valid cookie) and the request retried once.
// The idea field's text is kept until sent; when collecting ends it shows under "Nicht gesendet:". When
// the laptop answers `closed` (it runs another workshop now), nothing more will be taken: every idea still
// waiting leaves the queue for "Nicht gesendet:", waiting dot changes are dropped, the page shows the end.
(function () {
  "use strict";
  var body = document.body;
  var api = body.getAttribute("data-api"), path = body.getAttribute("data-path");
  var csrf = body.getAttribute("data-csrf");
  if (!api || !window.fetch || !window.JSON) { return; }

  function $(selector) { return document.querySelector(selector); }
  function text(name) { return body.getAttribute("data-msg-" + name) || ""; }

  // ---------------------------------------------------------------- what the phone keeps
  var prefix = "werkstatt:" + api + ":";
  function load(name, fallback) {
    try { var raw = window.localStorage.getItem(prefix + name); return raw ? JSON.parse(raw) : fallback; }
    catch (error) { return fallback; }  // private mode, storage off: the page still works, forgetting
  }
  function save(name, value) {
    try { window.localStorage.setItem(prefix + name, JSON.stringify(value)); } catch (error) { /* full */ }
  }
  var queue = load("queue", []), unsent = load("unsent", []);

  function say(message, isError) {
    var status = $("#status");
    if (!status) { return; }
    status.textContent = message || "";
    status.className = isError ? "error" : "";
  }

  function randomId() {
    var bytes = new Uint8Array(12), out = "";
    window.crypto.getRandomValues(bytes);
    for (var i = 0; i < bytes.length; i++) { out += ("0" + bytes[i].toString(16)).slice(-2); }
    return out;
  }

  function nextSeq() {  // the phone's own order of its dot changes: never twice the same, never back
    var seq = Math.max(Date.now(), load("seq", 0) + 1);
    save("seq", seq);
    return seq;
  }

  function field(form, name) { return form.querySelector("[name=" + name + "]"); }

  // ---------------------------------------------------------------- talking to the laptop
  function post(url, data) {
    var controller = window.AbortController ? new AbortController() : null;
    var timeout = controller ? setTimeout(function () { controller.abort(); }, 10000) : null;
    return fetch(url, {
      method: "POST", credentials: "same-origin", signal: controller ? controller.signal : undefined,
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
      body: JSON.stringify(data)
    }).then(function (response) {
      clearTimeout(timeout);
      return response.json().then(function (json) { return { status: response.status, data: json }; },
                                  function () { return { status: response.status, data: {} }; });
    }, function (error) { clearTimeout(timeout); throw error; });
  }

  function rejoin() {  // a fresh forgery token for the same device (the cookie is kept while valid)
    return post(api + "/join", {}).then(function (result) {
      if (result.status !== 200 && result.status !== 201) { throw new Error("join"); }
      csrf = result.data.csrf;
      body.setAttribute("data-csrf", csrf);
      var fields = document.querySelectorAll("input[name=csrf]");
      for (var i = 0; i < fields.length; i++) { fields[i].value = csrf; }
    });
  }

  // ---------------------------------------------------------------- the queue
  var flushing = false, waitTimer = null, backoff = 1000;

  function send(op) {
    if (op.kind === "idea") { return post(api + "/ideas", { client_id: op.client_id, text: op.text }); }
    return post(api + "/dots", { round: op.round, item: op.item, count: op.count, seq: op.seq });
  }

  function flush() {
    if (flushing || !queue.length) { return; }
    flushing = true;
    var op = queue[0];
    var attempt = function (retried) {
      return send(op).then(function (result) {
        var code = result.data && result.data.error;
        if ((code === "forgery" || code === "no_device") && !retried) {
          return rejoin().then(function () { return attempt(true); });
        }
        return result;
      });
    };
    attempt(false).then(function (result) {
      flushing = false;
      if (result.data && result.data.error === "closed") { closed(result.data); return; }
      if (result.status === 429 || result.status >= 500) { wait(result.data && result.data.message); return; }
      queue.shift();
      save("queue", queue);
      backoff = 1000;
      if (result.status >= 200 && result.status < 300) { delivered(op, result.data); }
      else { refused(op, result.data); }
      flush();
    }, function () { flushing = false; wait(); });
  }

  function wait(message) {  // the laptop is out of reach or cannot store: try again a little later
    say(message || text("queued"), true);
    markPending();
    if (waitTimer) { return; }
    waitTimer = setTimeout(function () { waitTimer = null; flush(); }, backoff);
    backoff = Math.min(backoff * 2, 10000);
  }
  function wake() {
    if (waitTimer) { clearTimeout(waitTimer); waitTimer = null; }
    backoff = 1000;
    flush();
  }
  window.addEventListener("online", wake);

  function delivered(op, data) {
    if (op.kind === "idea") {
      markPending();
      if (!queue.some(function (other) { return other.kind === "idea"; })) { say(text("sent"), false); }
    } else if (!queue.some(function (other) { return other.kind === "dots" && other.round === op.round; })) {
      say("", false);
      applyDots(data);
    }
  }

  function closed(data) {  // another workshop runs now: nothing waiting will be taken any more
    var waiting = queue;
    queue = [];
    save("queue", queue);
    waiting.forEach(function (op) {
      if (op.kind !== "idea") { return; }
      keepUnsent(op.text);
      var pending = document.querySelector("#my-ideas [data-client='" + op.client_id + "']");
      if (pending) { pending.parentNode.removeChild(pending); }
    });
    countOwn();
    say(data.message || "", true);
    refresh();  // the page of a workshop that has ended
  }

  function refused(op, data) {
    say(data && data.message ? data.message : text("offline"), true);
    if (op.kind === "idea") {
      keepUnsent(op.text);
      var pending = document.querySelector("#my-ideas [data-client='" + op.client_id + "']");
      if (pending) { pending.parentNode.removeChild(pending); countOwn(); }
    } else {
      refresh();  // the server's own view of this phone's dots replaces what the page guessed
    }
  }

  // ---------------------------------------------------------------- ideas and drafts
  function counter(textarea) {
    var count = $("#counter");
    if (count) { count.textContent = textarea.value.length + "/" + textarea.maxLength; }
  }

  document.addEventListener("input", function (event) {
    if (event.target.id === "idea-text") {
      counter(event.target);
      save("draft", event.target.value);
    }
  });

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.id === "idea-form") { event.preventDefault(); sendIdea(form); }
    else if (form.classList.contains("dot-form")) { event.preventDefault(); setDots(form); }
  });

  function sendIdea(form) {
    var textarea = field(form, "text");
    if (!textarea.value.trim()) { textarea.focus(); return; }
    var op = { kind: "idea", client_id: field(form, "client_id").value, text: textarea.value };
    queue.push(op);
    save("queue", queue);
    addOwnIdea(op);
    textarea.value = "";
    save("draft", "");
    counter(textarea);
    field(form, "client_id").value = randomId();  // the next idea; this one keeps its id in the queue
    flush();
  }

  function addOwnIdea(op) {
    var list = $("#my-ideas");
    if (!list || list.querySelector("[data-client='" + op.client_id + "']")) { return; }
    var item = document.createElement("li"), span = document.createElement("bdi");
    item.setAttribute("data-client", op.client_id);
    span.textContent = op.text;
    item.appendChild(span);
    list.insertBefore(item, list.firstChild);
    countOwn();
    markPending();
  }

  function countOwn() {
    var list = $("#my-ideas"), summary = $("#mine-summary");
    if (list && summary) {
      summary.textContent = summary.getAttribute("data-template").replace("{count}", list.children.length);
    }
  }

  function markPending() {  // "wird gesendet …" beside each idea still in the queue
    var waiting = {};
    queue.forEach(function (op) { if (op.kind === "idea") { waiting[op.client_id] = true; } });
    var items = document.querySelectorAll("#my-ideas [data-client]");
    for (var i = 0; i < items.length; i++) {
      var item = items[i], note = item.querySelector(".pending");
      if (waiting[item.getAttribute("data-client")] && !note) {
        note = document.createElement("em");
        note.className = "pending";
        note.textContent = " (" + text("pending") + ")";
        item.appendChild(note);
      } else if (!waiting[item.getAttribute("data-client")] && note) {
        item.removeChild(note);
      }
    }
  }

  function keepUnsent(value) {
    if (value && value.trim() && unsent.indexOf(value) < 0) { unsent.push(value); save("unsent", unsent); }
    showUnsent();
  }

  function showUnsent() {
    var box = $("#unsent"), area = $("#unsent-text");
    if (!box || !area) { return; }
    box.hidden = !unsent.length;
    area.value = unsent.join("\n\n");
  }

  document.addEventListener("click", function (event) {
    var id = event.target.id;
    if (id === "unsent-copy") {
      var area = $("#unsent-text");
      area.focus();
      area.select();
      try { document.execCommand("copy"); } catch (error) { /* selected: the person copies by hand */ }
    } else if (id === "unsent-discard") {
      unsent = [];
      save("unsent", unsent);
      showUnsent();
    }
  });

  function restoreDraft() {
    var textarea = $("#idea-text"), draft = load("draft", "");
    if (!draft) { return; }
    if (textarea) {
      if (!textarea.value) { textarea.value = draft; counter(textarea); }
    } else {  // collecting has ended with text in the field: keep it where the person can copy it
      save("draft", "");
      keepUnsent(draft);
    }
  }

  // ---------------------------------------------------------------- dots
  function setDots(form) {
    var op = { kind: "dots", round: field(form, "round").value, item: field(form, "item").value,
               count: parseInt(field(form, "count").value, 10), seq: nextSeq() };
    queue = queue.filter(function (other) {  // a newer change of the same item replaces a waiting one
      return !(other.kind === "dots" && other.round === op.round && other.item === op.item);
    });
    queue.push(op);
    save("queue", queue);
    showDots();
    flush();
  }

  function showDots() {  // the page's own dots with the changes still waiting in the queue
    var left = $("#left");
    if (!left) { return; }
    var round = left.getAttribute("data-round"), byItem = {}, items = document.querySelectorAll(".item");
    for (var i = 0; i < items.length; i++) {
      byItem[items[i].getAttribute("data-item")] = parseInt(items[i].getAttribute("data-count"), 10) || 0;
    }
    queue.forEach(function (op) { if (op.kind === "dots" && op.round === round) { byItem[op.item] = op.count; } });
    var spent = 0;
    for (var item in byItem) { if (byItem.hasOwnProperty(item)) { spent += byItem[item]; } }
    var budget = parseInt(left.getAttribute("data-budget"), 10);
    show({ by_item: byItem, cap: parseInt(left.getAttribute("data-cap"), 10), budget: budget, left: budget - spent });
  }

  function applyDots(dots) {  // the laptop's answer: what it stored
    var items = document.querySelectorAll(".item");
    for (var i = 0; i < items.length; i++) {
      items[i].setAttribute("data-count", dots.by_item[items[i].getAttribute("data-item")] || 0);
    }
    show(dots);
  }

  function show(dots) {
    var items = document.querySelectorAll(".item");
    for (var i = 0; i < items.length; i++) {
      var item = items[i], n = dots.by_item[item.getAttribute("data-item")] || 0;
      var minus = item.querySelector("form.minus"), plus = item.querySelector("form.plus");
      item.querySelector(".count").textContent = n;
      field(minus, "count").value = n - 1;
      minus.querySelector("button").disabled = n <= 0;
      field(plus, "count").value = n + 1;
      plus.querySelector("button").disabled = n >= dots.cap || dots.left <= 0;
    }
    var left = $("#left");
    if (left) {
      left.textContent = left.getAttribute("data-template").replace("{left}", dots.left)
        .replace("{budget}", dots.budget);
    }
  }

  // ---------------------------------------------------------------- the clock
  var deadline = null, stopped = null, ticking = null;
  function readTimer() {
    var timer = $("#timer");
    if (!timer) { deadline = stopped = null; return; }
    var remaining = parseFloat(timer.getAttribute("data-remaining"));
    if (timer.getAttribute("data-running") === "1") { deadline = Date.now() + remaining * 1000; stopped = null; }
    else { deadline = null; stopped = remaining; }
    tick();
    if (!ticking) { ticking = setInterval(tick, 1000); }
  }
  function tick() {
    var timer = $("#timer");
    if (!timer) { return; }
    var left = deadline !== null ? Math.max(0, (deadline - Date.now()) / 1000) : (stopped || 0);
    var minutes = Math.floor(left / 60), seconds = Math.floor(left % 60);
    timer.textContent = minutes + ":" + (seconds < 10 ? "0" : "") + seconds;
  }

  // ---------------------------------------------------------------- following the facilitator
  function currentView() {
    var marker = $("#view");
    return marker ? marker.getAttribute("data-view") : null;
  }

  var refreshing = false, again = false;
  function refresh() {
    if (refreshing) { again = true; return; }
    refreshing = true;
    fetch(path + "/main", { credentials: "same-origin" }).then(function (response) {
      return response.ok ? response.text() : null;
    }).then(function (html) {
      refreshing = false;
      if (html !== null) { swap(html); }
      if (again) { again = false; refresh(); }
    }, function () { refreshing = false; });
  }
  function swap(html) {
    var main = $("#main"), draft = $("#idea-text");
    var value = draft ? draft.value : "", focused = draft && document.activeElement === draft;
    var clientId = $("#idea-form") ? field($("#idea-form"), "client_id").value : null;
    main.innerHTML = html;  // server-rendered and escaped
    var textarea = $("#idea-text");
    if (textarea) {
      if (value) { textarea.value = value; counter(textarea); }
      if (clientId) { field($("#idea-form"), "client_id").value = clientId; }
      if (focused) { textarea.focus(); }
    } else if (value.trim()) {  // the facilitator moved on while the person was typing
      save("draft", "");
      keepUnsent(value);
    }
    var fields = document.querySelectorAll("input[name=csrf]");
    for (var i = 0; i < fields.length; i++) { fields[i].value = csrf; }
    queue.forEach(function (op) { if (op.kind === "idea") { addOwnIdea(op); } });
    showDots();
    readTimer();
  }

  function onState(state) {
    wake();  // the laptop answers: whatever waits in the queue goes now
    if (state.view !== currentView()) { refresh(); }
    else if (state.timer) {
      var timer = $("#timer");
      if (timer) {
        timer.setAttribute("data-remaining", state.timer.remaining);
        timer.setAttribute("data-running", state.timer.running ? "1" : "0");
        readTimer();
      }
    }
  }

  var polling = null;
  function poll() {
    if (polling) { return; }
    polling = setInterval(function () {
      fetch(api + "/state", { credentials: "same-origin" }).then(function (response) {
        return response.ok ? response.json() : null;
      }).then(function (state) { if (state) { onState(state); } }, function () {});
    }, 2000);
  }

  readTimer();
  var served = $("#unsent-text");  // a refused form's text the server put back (the script did not send it)
  if (served && served.value.trim() && unsent.indexOf(served.value) < 0) {
    unsent.push(served.value);
    save("unsent", unsent);
  }
  restoreDraft();
  showUnsent();
  queue.forEach(function (op) { if (op.kind === "idea") { addOwnIdea(op); } });
  showDots();
  flush();
  if (window.EventSource) {
    var failures = 0, source = new EventSource(api + "/live");
    source.onopen = function () { failures = 0; wake(); };
    source.onmessage = function (event) { failures = 0; onState(JSON.parse(event.data)); };
    // This phone opened the page more often than it may keep live streams: the newest has taken over.
    source.addEventListener("replaced", function () { source.close(); poll(); });
    source.onerror = function () {
      failures += 1;
      if (failures >= 3) { source.close(); poll(); }
    };
  } else {
    poll();
  }
})();
