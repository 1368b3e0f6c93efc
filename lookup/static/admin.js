// Office pages: follow a running publish without reloading by hand (the page works without it).
(function () {
  "use strict";
  var box = document.getElementById("job");
  if (!box || !window.fetch) return;
  if (box.dataset.status !== "publishing" && box.dataset.status !== "reading") return;
  var url = box.dataset.statusUrl;
  function poll() {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data) { setTimeout(poll, 5000); return; }
        if (data.done) { window.location.reload(); return; }
        var text = document.getElementById("job-progress");
        if (text) text.textContent = data.progress || "";
        setTimeout(poll, 1500);
      })
      .catch(function () { setTimeout(poll, 5000); });
  }
  setTimeout(poll, 1000);
})();
