// Send the CSRF token with every htmx request (the token comes from the page's meta tag,
// so no inline script is needed and the CSP can forbid them).
document.addEventListener("htmx:configRequest", function (event) {
  var meta = document.querySelector('meta[name="csrf-token"]');
  if (meta) {
    event.detail.headers["X-CSRFToken"] = meta.getAttribute("content");
  }
});

// A form that stays on the page after an htmx post gets the fresh one-time token the
// server sent (web/submissions.py), so it can be sent again for a new record.
document.addEventListener("htmx:afterRequest", function (event) {
  var xhr = event.detail.xhr;
  var fresh = xhr && xhr.getResponseHeader("X-Sifa-Submission");
  var form = event.detail.elt && event.detail.elt.closest && event.detail.elt.closest("form");
  if (fresh && form && document.body.contains(form)) {
    var field = form.querySelector('input[name="_submission"]');
    if (field) {
      field.value = fresh;
    }
  }
});

// Content swapped in is live at once. htmx wires up new elements only when it settles
// (20 ms later, longer on a busy machine); a choice made in that gap, such as picking the
// 转办 target as soon as the dialog shows, would send nothing. Processing twice is safe:
// htmx skips an element whose attributes it has already seen.
document.addEventListener("htmx:afterSwap", function (event) {
  var swapped = event.target;
  if (window.htmx && swapped && swapped.isConnected) {
    window.htmx.process(swapped);
  }
});
