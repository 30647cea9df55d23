// A review session's remarks on the phone page (web/review.py): sent through the JSON API without a reload,
// and what the person is typing survives the page's live updates (phone.js swaps the page's changing part
// when the facilitator acts). Without this script the remark forms are plain POST forms and still work.
(function () {
  "use strict";
  var body = document.body;
  var api = body.getAttribute("data-api");
  if (!api || !window.fetch || !window.JSON) { return; }
  var prefix = "werkstatt:" + api + ":remark:";

  function keep(item, value) {
    try {
      if (value) { window.localStorage.setItem(prefix + item, value); }
      else { window.localStorage.removeItem(prefix + item); }
    } catch (error) { /* private mode or a full store: the text stays in the field only */ }
  }
  function kept(item) {
    try { return window.localStorage.getItem(prefix + item) || ""; } catch (error) { return ""; }
  }
  function say(message, isError) {
    var status = document.getElementById("status");
    if (status) { status.textContent = message || ""; status.className = isError ? "error" : ""; }
  }

  function restore() {  // after a swap: each remark field gets back what was typed into it
    var forms = document.querySelectorAll("form.remark-form");
    for (var i = 0; i < forms.length; i++) {
      var area = forms[i].querySelector("textarea"), text = kept(forms[i].getAttribute("data-item"));
      if (area && text && !area.value) {
        area.value = text;
        var details = forms[i].parentNode;
        if (details && details.tagName === "DETAILS") { details.open = true; }
      }
    }
  }

  document.addEventListener("input", function (event) {
    var form = event.target.form;
    if (form && form.classList.contains("remark-form")) { keep(form.getAttribute("data-item"), event.target.value); }
  });

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.classList || !form.classList.contains("remark-form")) { return; }
    event.preventDefault();
    var item = form.getAttribute("data-item"), area = form.querySelector("textarea");
    var clientId = form.querySelector("[name=client_id]").value;
    if (!area.value.trim()) { area.focus(); return; }
    var button = form.querySelector("button");
    button.disabled = true;
    fetch(api + "/remarks", {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": body.getAttribute("data-csrf") },
      body: JSON.stringify({ client_id: clientId, item: item, text: area.value })
    }).then(function (response) {
      return response.json().then(function (data) { return { status: response.status, data: data }; });
    }).then(function (result) {
      button.disabled = false;
      if (result.status === 201) {
        keep(item, "");
        area.value = "";
        form.querySelector("[name=client_id]").value = clientId.slice(0, 40) + "-" + Date.now().toString(36);
        say(body.getAttribute("data-msg-remark"));
        var list = form.parentNode.parentNode.querySelector(".my-remarks");
        if (!list) {
          list = document.createElement("ul");
          list.className = "my-remarks";
          form.parentNode.parentNode.insertBefore(list, form.parentNode);
        }
        var entry = document.createElement("li"), text = document.createElement("bdi");
        text.textContent = result.data.remark.text;
        entry.appendChild(text);
        list.appendChild(entry);
      } else {
        say(result.data.message, true);  // the server's reason, in the page's language; the text stays
      }
    }, function () {
      button.disabled = false;
      say(body.getAttribute("data-msg-offline"), true);  // the text stays in the field and in the store
    });
  });

  var main = document.getElementById("main");
  if (main && window.MutationObserver) { new MutationObserver(restore).observe(main, { childList: true }); }
  restore();
})();
