// Idle logout without lost work (issue 21, defect 5).
//
// 1. A minute before the server's idle timeout (body[data-idle-seconds]) the #idle-warning
//    dialog offers "继续工作": it POSTs /session/keepalive, which counts as activity and
//    extends the session. When the time is up the page goes to the login page itself.
// 2. What is typed into a POST form is kept in sessionStorage (this tab only, gone when the
//    tab closes; never passwords, CSRF tokens or files) and put back when the same page is
//    shown again with the form still empty, e.g. after signing in again. A draft is dropped
//    once its form was submitted and answered by anything but the login page.
(function () {
  "use strict";
  var PREFIX = "sifa:draft:";
  var PENDING = "sifa:draft-submitted";
  var SKIP_TYPES = { password: 1, file: 1, submit: 1, button: 1, reset: 1, image: 1 };
  var SKIP_NAMES = { _csrf_token: 1, csrf_token: 1, csrfmiddlewaretoken: 1, version: 1 };

  function storage() {
    try { return window.sessionStorage; } catch (e) { return null; }
  }

  function onLoginPage() {
    return location.pathname === "/login";
  }

  function draftForms() {
    return Array.prototype.filter.call(document.querySelectorAll("form"), function (form) {
      var method = (form.getAttribute("method") || form.getAttribute("hx-post") && "post" || "").toLowerCase();
      var action = form.getAttribute("action") || "";
      return method === "post" && !form.hasAttribute("data-no-draft") &&
        action !== "/login" && action !== "/logout" && action !== "/session/keepalive";
    });
  }

  function keyOf(form) {
    var forms = draftForms();
    return PREFIX + location.pathname + "#" + (form.id || form.getAttribute("action") || forms.indexOf(form));
  }

  function fieldsOf(form) {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && !SKIP_TYPES[el.type] && !SKIP_NAMES[el.name] && !el.disabled &&
        !(el.type === "hidden");
    });
  }

  function save(form) {
    var store = storage();
    if (!store) return;
    var values = {};
    var any = false;
    fieldsOf(form).forEach(function (el) {
      var slot = el.name + (el.type === "checkbox" || el.type === "radio" ? "=" + el.value : "");
      if (el.type === "checkbox" || el.type === "radio") {
        values[slot] = el.checked;
        any = any || el.checked;
      } else if (el.tagName === "SELECT" && el.multiple) {
        values[slot] = Array.prototype.filter.call(el.options, function (o) { return o.selected; })
          .map(function (o) { return o.value; });
      } else {
        values[slot] = el.value;
        any = any || el.value !== el.defaultValue;
      }
    });
    if (any) store.setItem(keyOf(form), JSON.stringify({ at: Date.now(), values: values }));
  }

  function isPristine(form) {
    return fieldsOf(form).every(function (el) {
      if (el.type === "checkbox" || el.type === "radio") return el.checked === el.defaultChecked;
      if (el.tagName === "SELECT" && !el.multiple) {  // no option marked: the first is shown
        var marked = Array.prototype.findIndex.call(el.options, function (o) { return o.defaultSelected; });
        return el.selectedIndex === Math.max(marked, 0) || el.options.length === 0;
      }
      if (el.tagName === "SELECT") {
        return Array.prototype.every.call(el.options, function (o) { return o.selected === o.defaultSelected; });
      }
      return el.value === el.defaultValue;
    });
  }

  function restore(form) {
    var store = storage();
    if (!store) return false;
    var raw = store.getItem(keyOf(form));
    if (!raw || !isPristine(form)) return false;
    var draft;
    try { draft = JSON.parse(raw); } catch (e) { return false; }
    fieldsOf(form).forEach(function (el) {
      var slot = el.name + (el.type === "checkbox" || el.type === "radio" ? "=" + el.value : "");
      if (!(slot in draft.values)) return;
      var value = draft.values[slot];
      if (el.type === "checkbox" || el.type === "radio") el.checked = !!value;
      else if (el.tagName === "SELECT" && el.multiple) {
        Array.prototype.forEach.call(el.options, function (o) { o.selected = value.indexOf(o.value) >= 0; });
      } else el.value = value;
    });
    return true;
  }

  function settleDrafts() {
    var store = storage();
    if (!store) return;
    var pending = store.getItem(PENDING);
    if (pending && !onLoginPage()) {  // the submission reached the server: the draft is done
      store.removeItem(pending);
      store.removeItem(PENDING);
    }
    var restored = false;
    draftForms().forEach(function (form) {
      if (restore(form)) restored = true;
      form.addEventListener("input", function () { save(form); });
      form.addEventListener("change", function () { save(form); });
      form.addEventListener("submit", function () {
        save(form);
        store.setItem(PENDING, keyOf(form));
      });
    });
    var notice = document.getElementById("draft-restored");
    if (restored && notice) notice.hidden = false;
  }

  // -- the idle warning ------------------------------------------------------------------
  var idleSeconds = parseInt(document.body.getAttribute("data-idle-seconds") || "0", 10);
  var lastActive = Date.now();
  var timer = null;

  function csrf() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : "";
  }

  function dialog() { return document.getElementById("idle-warning"); }

  function hideWarning() {
    var box = dialog();
    if (box) box.hidden = true;
  }

  function schedule() {
    if (timer) clearTimeout(timer);
    if (!idleSeconds) return;
    var warnAt = lastActive + Math.max(idleSeconds - 60, idleSeconds / 2) * 1000;
    var endAt = lastActive + idleSeconds * 1000;
    var now = Date.now();
    if (now >= endAt) {
      draftForms().forEach(save);
      leave();
      return;
    }
    if (now >= warnAt) {
      var box = dialog();
      if (box && box.hidden) {
        box.hidden = false;
        var button = document.getElementById("idle-continue");
        if (button) button.focus();
      }
      timer = setTimeout(schedule, Math.min(1000, endAt - now));
      return;
    }
    timer = setTimeout(schedule, warnAt - now);
  }

  function activity() {
    lastActive = Date.now();
    hideWarning();
    schedule();
  }

  var leaving = false;
  function leave() {
    // Once: the timer and a refused keep-alive may both decide the session is over.
    if (leaving) return;
    leaving = true;
    location.href = "/login?expired=1&next=" + encodeURIComponent(location.pathname + location.search);
  }

  function keepAlive() {
    fetch("/session/keepalive", {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrf(), "HX-Request": "true" }
    }).then(function (response) {
      if (response.ok) activity();
      else leave();
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    settleDrafts();
    var button = document.getElementById("idle-continue");
    if (button) button.addEventListener("click", keepAlive);
    schedule();
  });
  // Any request the user caused counts as activity on the server too (polls do not).
  document.addEventListener("htmx:afterRequest", function (event) {
    var elt = event.detail && event.detail.elt;
    if (elt && elt.closest && elt.closest("[data-passive]")) return;
    // A form sent by htmx and accepted needs no draft any more (a refusal keeps it).
    var store = storage();
    if (store && elt && elt.tagName === "FORM" && event.detail.successful) {
      store.removeItem(keyOf(elt));
      if (store.getItem(PENDING) === keyOf(elt)) store.removeItem(PENDING);
    }
    activity();
  });
})();
