// The service-hall desk: keyboard-first. The page works without this file (plain GET form,
// answers in readonly text boxes); this adds focus handling, arrow-key selection and copying.
(function () {
  "use strict";

  var box = document.getElementById("desk-q");
  var status = document.getElementById("desk-status");
  var results = Array.prototype.slice.call(document.querySelectorAll(".desk-result"));
  if (!box) return;

  function say(message) {
    if (status) status.textContent = message;
  }

  function focusBox() {
    box.focus();
    box.select();
  }

  function select(index) {
    if (!results.length) return;
    index = Math.max(0, Math.min(results.length - 1, index));
    results.forEach(function (li, i) {
      li.classList.toggle("is-selected", i === index);
      if (i === index) li.setAttribute("aria-current", "true");
      else li.removeAttribute("aria-current");
    });
    results[index].focus();
    results[index].scrollIntoView({ block: "nearest" });
  }

  function selected() {
    return results.indexOf(document.activeElement.closest ? document.activeElement.closest(".desk-result") : null);
  }

  function fallbackCopy(area, done) {
    var details = area.closest("details");
    if (details) details.open = true;
    area.focus();
    area.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    done(ok ? "已复制答复，可直接粘贴。" : "已选中答复文字，请按 Ctrl+C 复制。", !ok);
  }

  function copy(id, back) {
    var area = document.getElementById(id);
    if (!area) return;
    var text = area.value;
    var done = function (message, keepFocus) {
      say(message);
      if (back && !keepFocus) back.focus();
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(
        function () { done("已复制答复，可直接粘贴。"); },
        function () { fallbackCopy(area, done); }
      );
    } else {
      fallbackCopy(area, done);
    }
  }

  document.querySelectorAll(".copy-button").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      copy(button.dataset.copy, button.closest(".desk-result") || button);
    });
  });
  results.forEach(function (li) { li.tabIndex = -1; });

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    var target = event.target;
    var typing = target.matches("input, textarea, select");
    if (event.key === "/" && !typing) {
      event.preventDefault();
      focusBox();
      return;
    }
    var index = selected();
    if (event.key === "ArrowDown" && (target === box || index >= 0)) {
      event.preventDefault();
      select(index + 1);
    } else if (event.key === "ArrowUp" && index >= 0) {
      event.preventDefault();
      if (index === 0) focusBox(); else select(index - 1);
    } else if (event.key === "Escape" && index >= 0) {
      focusBox();
    } else if (index >= 0 && target === results[index]) {
      var li = results[index];
      if (event.key === "Enter") {
        event.preventDefault();
        copy("say-" + (index + 1), li);
      } else if (event.key === "o" || event.key === "O") {
        window.location.href = li.dataset.href;
      } else if (event.key === "p" || event.key === "P") {
        window.location.href = li.dataset.slip;
      }
    }
  });

  if (document.activeElement !== box) focusBox();
})();
