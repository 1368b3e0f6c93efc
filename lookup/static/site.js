// Small progressive enhancements; every page works without this file.
(function () {
  "use strict";

  // Typeahead: fill the search box's <datalist> from /api/v1/suggest.
  var input = document.getElementById("q");
  var list = document.getElementById("q-suggestions");
  if (input && list && input.dataset.suggestUrl && window.fetch) {
    var timer = null;
    var last = "";
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var q = input.value.trim();
        if (!q || q === last || q.length > 200) return;
        last = q;
        fetch(input.dataset.suggestUrl + "?q=" + encodeURIComponent(q), { headers: { Accept: "application/json" } })
          .then(function (r) { return r.ok ? r.json() : { suggestions: [] }; })
          .then(function (data) {
            list.textContent = "";
            (data.suggestions || []).forEach(function (s) {
              var option = document.createElement("option");
              option.value = s;
              list.appendChild(option);
            });
          })
          .catch(function () {});
      }, 200);
    });
  }

  // Print buttons are hidden until this script can make them work.
  document.querySelectorAll(".print-button").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();
