// The projector page follows the app: its event stream says when the view changed, then the page swaps
// in the server-rendered stage; between updates it counts the step's timer down itself.
(function () {
  "use strict";
  var root = document.documentElement;
  var live = root.getAttribute("data-live"), stageUrl = root.getAttribute("data-stage");
  var shown = currentView(), deadline = null, ticking = null;

  function currentView() {
    var stage = document.getElementById("stage");
    return stage ? stage.getAttribute("data-view") : "";
  }

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  function clock(seconds) {
    var total = Math.max(0, Math.round(seconds));
    var hours = Math.floor(total / 3600), minutes = Math.floor((total % 3600) / 60), secs = total % 60;
    return hours ? hours + ":" + pad(minutes) + ":" + pad(secs) : pad(minutes) + ":" + pad(secs);
  }

  function tick() {
    var element = document.getElementById("timer");
    if (!element || deadline === null) { return; }
    var left = (deadline - Date.now()) / 1000;
    element.textContent = clock(left);
    element.classList.toggle("expired", left <= 0);
  }

  function timer(remaining, running) {
    clearInterval(ticking);
    deadline = null;
    var element = document.getElementById("timer");
    if (!element || isNaN(remaining)) { return; }
    if (running) {
      deadline = Date.now() + remaining * 1000;
      tick();
      ticking = setInterval(tick, 1000);
    } else {
      element.textContent = clock(remaining);
    }
  }

  function timerFromPage() {
    var element = document.getElementById("timer");
    if (element) {
      timer(parseFloat(element.getAttribute("data-remaining")), element.getAttribute("data-running") === "1");
    }
  }

  function swap() {
    fetch(stageUrl, { cache: "no-store", credentials: "omit" }).then(function (response) {
      if (!response.ok) { throw new Error(response.status); }
      return response.text();
    }).then(function (html) {
      var holder = document.createElement("div");
      holder.innerHTML = html;  // the server's own rendering, escaped there
      var next = holder.querySelector("#stage"), old = document.getElementById("stage");
      if (next && old) {
        old.replaceWith(next);
        shown = next.getAttribute("data-view");
        timerFromPage();
      }
    }).catch(function () { /* the next message or poll tries again */ });
  }

  function update(data) {
    if (data.view !== shown) { swap(); }
    else if (data.timer) { timer(data.timer.remaining, data.timer.running); }
  }

  timerFromPage();
  if (window.EventSource && live) {
    var source = new EventSource(live);
    source.onmessage = function (event) {
      try { update(JSON.parse(event.data)); } catch (error) { /* a broken message: wait for the next */ }
    };
  } else if (stageUrl) {
    setInterval(swap, 2000);
  }
})();
