// The participants' page without reloads: ideas and dots through the JSON API, live updates by
// server-sent events (polling every 2 s where they fail). Every form also works without this script.
(function () {
  "use strict";
  var body = document.body;
  var api = body.getAttribute("data-api"), path = body.getAttribute("data-path");
  var csrf = body.getAttribute("data-csrf");
  if (!api || !window.fetch || !window.JSON) { return; }

  function $(selector) { return document.querySelector(selector); }

  function say(text, isError) {
    var status = $("#status");
    if (!status) { return; }
    status.textContent = text || "";
    status.className = isError ? "error" : "";
  }

  function randomId() {
    var bytes = new Uint8Array(12), out = "";
    window.crypto.getRandomValues(bytes);
    for (var i = 0; i < bytes.length; i++) { out += ("0" + bytes[i].toString(16)).slice(-2); }
    return out;
  }

  function post(url, data) {
    return fetch(url, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
      body: JSON.stringify(data)
    }).then(function (response) {
      return response.json().then(function (json) { return { ok: response.ok, data: json }; });
    });
  }

  function field(form, name) { return form.querySelector("[name=" + name + "]"); }

  function offline() { say(body.getAttribute("data-msg-offline"), true); }

  function count(textarea) {
    var counter = $("#counter");
    if (counter) { counter.textContent = textarea.value.length + "/" + textarea.maxLength; }
  }

  document.addEventListener("input", function (event) {
    if (event.target.id === "idea-text") { count(event.target); }
  });

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.id === "idea-form") { event.preventDefault(); sendIdea(form); }
    else if (form.classList.contains("dot-form")) { event.preventDefault(); setDots(form); }
  });

  function sendIdea(form) {
    var textarea = field(form, "text"), button = form.querySelector("button");
    if (!textarea.value.trim()) { textarea.focus(); return; }
    button.disabled = true;
    post(api + "/ideas", { client_id: field(form, "client_id").value, text: textarea.value }).then(function (result) {
      button.disabled = false;
      if (!result.ok) { say(result.data.message, true); return; }
      addOwnIdea(result.data.idea.text);
      textarea.value = "";
      count(textarea);
      field(form, "client_id").value = randomId();  // the next idea; a retry of this one keeps its id
      say(body.getAttribute("data-msg-sent"), false);
    }, function () { button.disabled = false; offline(); });
  }

  function addOwnIdea(text) {
    var list = $("#my-ideas"), summary = $("#mine-summary");
    if (!list) { return; }
    var item = document.createElement("li");
    item.setAttribute("dir", "auto");
    item.textContent = text;
    list.insertBefore(item, list.firstChild);
    if (summary) {
      summary.textContent = summary.getAttribute("data-template").replace("{count}", list.children.length);
    }
  }

  function setDots(form) {
    var data = { round: field(form, "round").value, item: field(form, "item").value,
                 count: parseInt(field(form, "count").value, 10) };
    post(api + "/dots", data).then(function (result) {
      if (!result.ok) { say(result.data.message, true); return; }
      say("", false);
      applyDots(result.data);
    }, offline);
  }

  function applyDots(dots) {
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

  // The clock: the server says how much is left; the phone counts down between updates.
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
    var text = draft ? draft.value : "", focused = draft && document.activeElement === draft;
    var clientId = $("#idea-form") ? field($("#idea-form"), "client_id").value : null;
    main.innerHTML = html;  // server-rendered and escaped
    var textarea = $("#idea-text");
    if (textarea && text) { textarea.value = text; count(textarea); }
    if (textarea && clientId) { field($("#idea-form"), "client_id").value = clientId; }
    if (textarea && focused) { textarea.focus(); }
    readTimer();
  }

  function onState(state) {
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
  if (window.EventSource) {
    var failures = 0, source = new EventSource(api + "/live");
    source.onmessage = function (event) { failures = 0; onState(JSON.parse(event.data)); };
    source.onerror = function () {
      failures += 1;
      if (failures >= 3) { source.close(); poll(); }
    };
  } else {
    poll();
  }
})();
