// Small enhancements only: the pages work without this script.
// Shows times in the reader's time zone, with "3 h ago" for recent ones.
(function () {
  const rtf = new Intl.RelativeTimeFormat(undefined, { numeric: "auto" });
  const fmt = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
  const short = new Intl.DateTimeFormat(undefined, { month: "short", day: "numeric" });
  for (const el of document.querySelectorAll("time[datetime]")) {
    const when = new Date(el.getAttribute("datetime"));
    if (isNaN(when)) continue;
    el.title = fmt.format(when);
    const minutes = Math.round((when - Date.now()) / 60000);
    if (Math.abs(minutes) < 60) el.textContent = rtf.format(minutes, "minute");
    else if (Math.abs(minutes) < 24 * 60) el.textContent = rtf.format(Math.round(minutes / 60), "hour");
    else el.textContent = el.closest("table") ? short.format(when) : fmt.format(when);
  }
  // Puts the canned response picked (filled in by the server) into the reply box, after
  // what is there already, instead of reloading the page with it.
  for (const form of document.querySelectorAll("form[data-fills]")) {
    form.addEventListener("submit", (e) => {
      const box = document.getElementById(form.dataset.fills);
      const option = form.querySelector("select").selectedOptions[0];
      if (!box || !option || option.dataset.body === undefined) return;
      e.preventDefault();
      const text = option.dataset.body;
      box.value = box.value.trim() ? box.value.replace(/\s*$/, "\n\n") + text : text;
      box.focus();
    });
  }
  // Confirms actions that cannot be undone.
  for (const form of document.querySelectorAll("form[data-confirm]")) {
    form.addEventListener("submit", (e) => { if (!confirm(form.dataset.confirm)) e.preventDefault(); });
  }
  // Fills the view tabs' counts without holding up the page.
  for (const el of document.querySelectorAll("[data-count]")) {
    fetch(el.dataset.count, { credentials: "same-origin" })
      .then((r) => (r.ok ? r.json() : null))
      .then((body) => { if (body) el.textContent = body.label; })
      .catch(() => {});
  }
  // "Select all" ticks every box of its group.
  for (const all of document.querySelectorAll("input[data-select-all]")) {
    all.addEventListener("change", () => {
      for (const box of all.form.querySelectorAll(`input[name="${all.dataset.selectAll}"]`)) box.checked = all.checked;
    });
  }
})();
