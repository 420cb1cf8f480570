// What the event pages ask of the browser, declared in data- attributes so that no
// page carries inline script (the content security policy allows none).
(function () {
  // A button with data-confirm asks before its form is sent.
  document.addEventListener("submit", function (event) {
    const button = event.submitter;
    const question = button && button.dataset.confirm;
    if (question && !window.confirm(question)) event.preventDefault();
  });

  // (A city's time zone is set by city-search.js.)
  document.addEventListener("change", function (event) {
    const field = event.target;
    // Filters that apply as soon as they are chosen.
    if (field.matches("select[data-autosubmit]")) field.form.requestSubmit();
  });
})();
