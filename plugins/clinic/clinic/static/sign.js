// The door sign's "打印" button (a javascript: link would be blocked by the CSP).
document.addEventListener("DOMContentLoaded", function () {
  var button = document.getElementById("print-sign");
  if (button) button.addEventListener("click", function () { window.print(); });
});
