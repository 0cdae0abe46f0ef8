// Send the CSRF token with every htmx request (the token comes from the page's meta tag,
// so no inline script is needed and the CSP can forbid them).
document.addEventListener("htmx:configRequest", function (event) {
  var meta = document.querySelector('meta[name="csrf-token"]');
  if (meta) {
    event.detail.headers["X-CSRFToken"] = meta.getAttribute("content");
  }
});
