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
