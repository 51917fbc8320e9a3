// Small enhancements only: the pages work without this script.
(function () {
  // The words the script writes, in the reader's language (the layout's `data-words`,
  // from the locales' `js-*` messages); English when a page has none.
  const WORDS = (() => { try { return JSON.parse(document.body.dataset.words || "{}"); } catch (_) { return {}; } })();
  const say = (id, fallback, n) => {
    const text = WORDS[id] || fallback;
    return n === undefined ? text : text.replace("%count", n);
  };
  // In the person's language and time zone (their account's choice), else the browser's.
  const lang = document.documentElement.lang || undefined;
  const timeZone = document.documentElement.dataset.timeZone || undefined;
  const rtf = new Intl.RelativeTimeFormat(lang, { numeric: "auto" });
  const fmt = new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeStyle: "short", timeZone });
  const short = new Intl.DateTimeFormat(lang, { month: "short", day: "numeric", timeZone });
  for (const field of document.querySelectorAll("input[data-fill-time-zone]")) {
    field.placeholder = Intl.DateTimeFormat().resolvedOptions().timeZone || field.placeholder;
  }
  // Shows times in the reader's time zone, with "3 h ago" for recent ones.
  function localTimes(root) {
    for (const el of root.querySelectorAll("time[datetime]")) {
      const when = new Date(el.getAttribute("datetime"));
      if (isNaN(when)) continue;
      el.title = fmt.format(when);
      const minutes = Math.round((when - Date.now()) / 60000);
      if (Math.abs(minutes) < 60) el.textContent = rtf.format(minutes, "minute");
      else if (Math.abs(minutes) < 24 * 60) el.textContent = rtf.format(Math.round(minutes / 60), "hour");
      else el.textContent = el.closest("table") ? short.format(when) : fmt.format(when);
    }
  }
  localTimes(document);
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
  // Prints the page (asset labels).
  for (const button of document.querySelectorAll("[data-print]")) {
    button.hidden = false;
    button.addEventListener("click", () => window.print());
  }
  // Confirms actions that cannot be undone.
  for (const form of document.querySelectorAll("form[data-confirm]")) {
    form.addEventListener("submit", (e) => { if (!confirm(form.dataset.confirm)) e.preventDefault(); });
  }
  // Fills the view tabs' counts without holding up the page. A count in a sentence
  // ("12 tickets") keeps the sentence busy until its number is in, and is then read whole.
  function fillCounts() {
    for (const el of document.querySelectorAll("[data-count]")) {
      fetch(el.dataset.count, { credentials: "same-origin", headers: { "Helmdesk-Background": "1" } })
        .then((r) => (r.ok ? r.json() : null))
        .then((body) => {
          if (!body) return;
          el.textContent = body.label;
          el.closest("[aria-busy]")?.removeAttribute("aria-busy");
        })
        .catch(() => {});
    }
  }
  fillCounts();
  // "Select all" ticks every box of its group (rows the live queue swapped in included).
  document.addEventListener("change", (e) => {
    const all = e.target;
    if (!all.matches || !all.matches("input[data-select-all]") || !all.form) return;
    for (const box of all.form.querySelectorAll(`input[name="${all.dataset.selectAll}"]`)) box.checked = all.checked;
  });

  // Live updates: the server tells the signed-in person's pages what changed (GET /events,
  // server-sent events with ids and counts only); the pages read what they show again.
  // One tab of the person's listens and passes the events on to the others, so that many
  // open tabs hold one connection. Without EventSource, nothing changes: pages are as
  // fresh as their last load.
  // The session's CSRF token, from any form of the page.
  const csrf = () => document.querySelector('input[name="csrf"]')?.value || "";
  // Requests the script makes by itself say so: they do not keep an idle session alive.
  const BACKGROUND = { "Helmdesk-Background": "1" };
  const top = document.querySelector("header[data-events]");
  const TYPES = ["ticket", "unread", "presence", "reload"];
  const handlers = [unreadCount()];
  const queue = document.querySelector('[data-live="queue"]');
  if (queue) handlers.push(queuePage());
  const ticket = document.querySelector("[data-live-ticket]");
  if (ticket) handlers.push(ticketPage(Number(ticket.dataset.liveTicket)));
  const here = document.querySelector("[data-presence]");
  if (here && ticket) handlers.push(presence(here, Number(ticket.dataset.liveTicket)));
  if (top && "EventSource" in window) {
    listen(top.dataset.events, "helmdesk-live-" + top.dataset.eventsKey, (type, body) => {
      // The page hears the stream (its first event is the unread count).
      document.documentElement.dataset.live = "on";
      for (const handle of handlers) handle(type, body);
    });
  }

  function listen(url, key, tell) {
    const open = (pass) => {
      const source = new EventSource(url);
      for (const type of TYPES) {
        source.addEventListener(type, (e) => {
          let body;
          try { body = JSON.parse(e.data); } catch (_) { return; }
          tell(type, body);
          pass(type, body);
        });
      }
    };
    if (!("BroadcastChannel" in window) || !(navigator.locks && navigator.locks.request)) {
      open(() => {});
      return;
    }
    const channel = new BroadcastChannel(key);
    channel.onmessage = (m) => { if (m.data && TYPES.includes(m.data.type)) tell(m.data.type, m.data.body); };
    // The lock is held until this tab closes; then another tab takes over, and whatever
    // was told in between is read again.
    const lead = (late) => new Promise(() => {
      open((type, body) => channel.postMessage({ type, body }));
      if (late) {
        tell("reload", {});
        channel.postMessage({ type: "reload", body: {} });
      }
    });
    navigator.locks
      .request(key, { ifAvailable: true }, (lock) => (lock ? lead(false) : navigator.locks.request(key, () => lead(true))))
      .catch(() => open(() => {}));
  }

  // The title's "(3) …" and the bell's badge follow the unread notifications.
  function unreadCount() {
    const bell = document.querySelector("a[data-bell]");
    const title = document.title;
    return (type, body) => {
      if (type !== "unread") return;
      const label = typeof body.label === "string" ? body.label : "";
      document.title = label ? `(${label}) ${title}` : title;
      if (!bell) return;
      let badge = bell.querySelector(".badge");
      if (!label) {
        if (badge) badge.remove();
        bell.setAttribute("aria-label", say("notifications", "Notifications"));
        return;
      }
      if (!badge) {
        badge = document.createElement("span");
        badge.className = "badge s-new";
        bell.append(" ", badge);
      }
      badge.textContent = label;
      bell.setAttribute("aria-label", say("notifications-unread", "Notifications, %count unread", label));
    };
  }

  // Runs `run` `delay` ms after the first call, then at most once every `gap` ms; calls in
  // between make one run. A hidden tab waits until it is shown.
  function coalesced(run, delay, gap) {
    let timer = null;
    let last = 0;
    let waiting = false;
    const fire = () => {
      timer = null;
      if (document.hidden) { waiting = true; return; }
      last = Date.now();
      run();
    };
    const schedule = () => {
      if (!timer) timer = setTimeout(fire, Math.max(delay, last + gap - Date.now()));
    };
    document.addEventListener("visibilitychange", () => {
      if (!document.hidden && waiting) { waiting = false; schedule(); }
    });
    return schedule;
  }

  // This page as the server would draw it now; null when it cannot (signed out ...).
  async function readAgain() {
    try {
      const r = await fetch(location.href, { credentials: "same-origin", headers: { Accept: "text/html", ...BACKGROUND } });
      if (!r.ok || r.redirected) return null;
      return new DOMParser().parseFromString(await r.text(), "text/html");
    } catch (_) {
      return null;
    }
  }

  // A notice with a "Show" button, placed by `place`; the button runs `show`.
  function notice(place, text, show) {
    const box = document.createElement("div");
    box.className = "notice live-notice";
    box.setAttribute("role", "status");
    const words = document.createElement("span");
    const button = document.createElement("button");
    button.type = "button";
    button.className = "link";
    button.textContent = say("show", "Show");
    box.append(words, " ", button);
    place(box);
    let action = show;
    button.addEventListener("click", () => { box.remove(); action(); });
    return {
      box,
      say(t, then) { words.textContent = t + " —"; action = then; },
    };
  }

  // The queue: the tab counts follow, and when the rows the server would show now differ
  // from those shown, "N new or updated tickets — Show" swaps them in.
  function queuePage() {
    let banner = null;
    const check = coalesced(async () => {
      fillCounts();
      const page = await readAgain();
      const list = document.querySelector('[data-live="queue"]');
      const fresh = page && page.querySelector('[data-live="queue"]');
      if (!list || !fresh) return;
      const shown = new Map([...list.querySelectorAll("tr[data-id]")].map((r) => [r.dataset.id, r.dataset.updated]));
      const rows = [...fresh.querySelectorAll("tr[data-id]")];
      const changed = new Set(rows.filter((r) => shown.get(r.dataset.id) !== r.dataset.updated).map((r) => r.dataset.id));
      const ids = new Set(rows.map((r) => r.dataset.id));
      for (const id of shown.keys()) if (!ids.has(id)) changed.add(id);
      if (changed.size === 0) {
        if (banner) { banner.box.remove(); banner = null; }
        return;
      }
      const n = changed.size;
      const swap = () => {
        banner = null;
        const now = document.querySelector('[data-live="queue"]');
        if (!now || now.tagName !== fresh.tagName) { location.reload(); return; }
        const ticked = new Set([...now.querySelectorAll('input[name="ids"]:checked')].map((b) => b.value));
        for (const box of fresh.querySelectorAll('input[name="ids"]')) box.checked = ticked.has(box.value);
        now.replaceWith(fresh);
        localTimes(fresh);
      };
      if (!banner) banner = notice((box) => list.closest("form, .panel, table").before(box), "", swap);
      banner.say(n === 1 ? say("updated-one", "1 new or updated ticket") : say("updated-other", "%count new or updated tickets", n), swap);
    }, 1000, 10000);
    return (type) => { if (type === "ticket" || type === "reload") check(); };
  }

  // The ticket page: when someone else replies or changes the ticket, "Priya replied —
  // Show" brings in the new entries and the details, leaving the reply box as it is.
  function ticketPage(id) {
    let shown = null;
    const verbs = {
      reply: say("replied", "%who replied"),
      note: say("noted", "%who added an internal note"),
      change: say("changed", "%who updated the ticket"),
    };
    const check = coalesced(async () => {
      const page = await readAgain();
      const timeline = document.querySelector('[data-live="timeline"]');
      const fresh = page && page.querySelector('[data-live="timeline"]');
      if (!timeline || !fresh) return;
      const known = new Set([...timeline.querySelectorAll("li[data-entry]")].map((li) => li.dataset.entry));
      const added = [...fresh.querySelectorAll("li[data-entry]")].filter((li) => !known.has(li.dataset.entry));
      if (!added.length) return;
      const who = (li) => (li.querySelector(".meta strong") || {}).textContent || say("someone", "Someone");
      const last = added[added.length - 1];
      const kind = Object.keys(verbs).find((k) => last.classList.contains(k)) || "change";
      const text = added.every((li) => who(li) === who(last))
        ? verbs[kind].replace("%who", who(last))
        : say("entries", "%count new entries", added.length);
      const details = page.querySelector('[data-live="details"]');
      const show = () => {
        shown = null;
        const now = document.querySelector('[data-live="timeline"]');
        if (now) { now.replaceWith(fresh); localTimes(fresh); }
        const before = document.querySelector('[data-live="details"]');
        if (before && details) { before.replaceWith(details); localTimes(details); }
      };
      if (!shown) shown = notice((box) => timeline.after(box), "", show);
      shown.say(text, show);
    }, 300, 3000);
    return (type, body) => {
      if (type === "reload" || (type === "ticket" && body.id === id && !body.mine)) check();
    };
  }
  // Who else has the ticket open: this page says it is here (every beat, and when its
  // person starts or stops writing a reply), and that it left when it closes; the list
  // is read again when the live bus says it changed.
  function presence(box, id) {
    const url = box.dataset.presence;
    const reply = document.getElementById("body");
    const BEAT = 20000;
    const QUIET = 120000;
    let writing = false;
    let typed = 0;
    const show = (answer) => answer && answer.ok && answer.text().then((html) => { box.innerHTML = html.trim(); });
    const say = (activity) =>
      fetch(url, { method: "POST", body: new URLSearchParams({ csrf: csrf(), activity }), credentials: "same-origin", headers: BACKGROUND })
        .then(show)
        .catch(() => {});
    // Writing: text in the reply box, typed in the last two minutes.
    const now = () => Boolean(reply && reply.value.trim()) && Date.now() - typed < QUIET;
    const follow = () => {
      if (now() === writing) return;
      writing = !writing;
      say(writing ? "writing" : "viewing");
    };
    if (reply) reply.addEventListener("input", () => { typed = Date.now(); follow(); });
    say("viewing");
    setInterval(() => { if (now() !== writing) follow(); else say(writing ? "writing" : "viewing"); }, BEAT);
    window.addEventListener("pagehide", () => {
      navigator.sendBeacon?.(url, new URLSearchParams({ csrf: csrf(), activity: "left" }));
    });
    window.addEventListener("pageshow", (e) => { if (e.persisted) say(writing ? "writing" : "viewing"); });
    const read = coalesced(() => fetch(url, { credentials: "same-origin", headers: BACKGROUND }).then(show).catch(() => {}), 200, 2000);
    return (type, body) => {
      if (type === "reload" || (type === "presence" && body.id === id)) read();
    };
  }
  // On a phone the filters wait behind their button.
  if (window.matchMedia("(max-width: 700px)").matches) {
    for (const panel of document.querySelectorAll("details[data-closed-on-phone]")) panel.open = false;
  }
  // A field needed for one choice only shows with it ("merge into" for a merge).
  for (const field of document.querySelectorAll("[data-shown-for]")) {
    const [id, value] = field.dataset.shownFor.split(":");
    const select = document.getElementById(id);
    if (!select) continue;
    const show = () => { field.hidden = select.value !== value; };
    select.addEventListener("change", show);
    show();
  }
  // Status and assignee change in the queue's row: the cell's button becomes a select;
  // a choice saves at once (the ticket's version guards a race) and the list comes back
  // with the confirmation.
  for (const button of document.querySelectorAll("button.inline-edit")) {
    button.addEventListener("click", () => {
      const field = button.dataset.edit;
      const source = document.getElementById(field === "status" ? `inline-status-${button.dataset.current}` : `inline-${field}`);
      if (!source) return;
      const select = source.content.firstElementChild.cloneNode(true);
      select.value = button.dataset.current;
      select.setAttribute("aria-label", button.getAttribute("aria-label").split(":").slice(1).join(":").trim());
      button.hidden = true;
      button.after(select);
      select.focus();
      const restore = () => { select.remove(); button.hidden = false; };
      select.addEventListener("blur", () => { if (select.value === button.dataset.current) restore(); });
      select.addEventListener("keydown", (e) => { if (e.key === "Escape") { restore(); button.focus(); } });
      select.addEventListener("change", async () => {
        const body = new URLSearchParams({ csrf: csrf(), version: button.dataset.version, [field]: select.value });
        const answer = await fetch(`/tickets/${button.dataset.ticket}/update`, { method: "POST", body, credentials: "same-origin", redirect: "manual" }).catch(() => null);
        if (answer && (answer.type === "opaqueredirect" || answer.ok)) location.reload();
        else { restore(); alert(say("not-saved", "That change was not saved: open the ticket to see why.")); }
      });
    });
  }
  // A confirmation can be put away.
  for (const flash of document.querySelectorAll(".flash")) {
    const close = document.createElement("button");
    close.type = "button";
    close.className = "dismiss";
    close.setAttribute("aria-label", say("dismiss", "Dismiss"));
    close.textContent = "×";
    close.addEventListener("click", () => flash.remove());
    flash.append(close);
  }
  // "Reply" and "Add note" go to the reply box with the right visibility ticked.
  const goToReply = (link) => {
    const box = document.getElementById(link.dataset.focus);
    if (!box) return false;
    const radio = box.form.querySelector(`input[name="visibility"][value="${link.dataset.visibility}"]`);
    if (radio) radio.checked = true;
    box.scrollIntoView({ block: "center" });
    box.focus();
    return true;
  };
  for (const link of document.querySelectorAll("a[data-focus]")) {
    link.addEventListener("click", (e) => { if (goToReply(link)) e.preventDefault(); });
  }
  // The working controls show that something changed and is not yet saved.
  for (const form of document.querySelectorAll("form[data-dirty-save]")) {
    form.addEventListener("change", () => form.classList.add("dirty"));
  }
  // Markdown preview, rendered by the server exactly as the text will show once saved.
  for (const toggle of document.querySelectorAll("button[data-toggle-preview]")) {
    const box = document.getElementById(toggle.dataset.togglePreview);
    const preview = box && document.getElementById(box.dataset.preview);
    if (!preview) continue;
    toggle.hidden = false;
    toggle.addEventListener("click", async () => {
      if (!preview.hidden) {
        preview.hidden = true;
        box.hidden = false;
        toggle.textContent = say("preview", "Preview");
        box.focus();
        return;
      }
      const body = new URLSearchParams({ csrf: csrf(), text: box.value });
      const answer = await fetch("/preview", { method: "POST", body, credentials: "same-origin" }).catch(() => null);
      if (!answer || !answer.ok) return;
      preview.innerHTML = await answer.text(); // sanitised by the server (ui/markdown.rs)
      if (!box.value.trim()) preview.textContent = say("nothing-to-preview", "Nothing to preview yet.");
      preview.hidden = false;
      box.hidden = true;
      toggle.textContent = say("edit", "Edit");
    });
  }
  // Files dropped on a form, or pasted into its text, join its file input.
  for (const form of document.querySelectorAll("form[data-drop-files]")) {
    const input = form.querySelector(`input[type="file"][name="${form.dataset.dropFiles}"]`);
    if (!input || typeof DataTransfer === "undefined") continue;
    const add = (files) => {
      const all = new DataTransfer();
      for (const f of input.files) all.items.add(f);
      for (const f of files) all.items.add(f);
      input.files = all.files;
      input.dispatchEvent(new Event("change", { bubbles: true }));
    };
    form.addEventListener("dragover", (e) => { e.preventDefault(); form.classList.add("dropping"); });
    form.addEventListener("dragleave", () => form.classList.remove("dropping"));
    form.addEventListener("drop", (e) => {
      e.preventDefault();
      form.classList.remove("dropping");
      if (e.dataTransfer?.files.length) add(e.dataTransfer.files);
    });
    form.addEventListener("paste", (e) => {
      const files = e.clipboardData?.files;
      if (files && files.length) { e.preventDefault(); add(files); }
    });
  }
  // A catalog form's conditional fields (data-shown-when="key op value") show and hide as
  // the answers change; without the script every field shows and the server drops hidden
  // answers.
  for (const form of document.querySelectorAll("form[data-conditional]")) {
    const fields = [...form.querySelectorAll("[data-shown-when-field]")];
    const answer = (key) => {
      const box = form.querySelector(`[data-key="${key}"]`);
      if (!box || box.hidden) return null;
      const input = box.querySelector("input, select, textarea");
      return input ? input.value.trim().toLowerCase() : null;
    };
    const update = () => {
      for (const f of fields) {
        const a = answer(f.dataset.shownWhenField);
        const v = f.dataset.shownWhenValue.trim().toLowerCase();
        const show = a !== null && (f.dataset.shownWhenOp === "contains" ? a.includes(v) : a === v);
        f.hidden = !show;
        for (const input of f.querySelectorAll("input, select, textarea")) input.disabled = !show;
      }
    };
    form.addEventListener("input", update);
    form.addEventListener("change", update);
    update();
  }
  // The knowledge base's article picker under a reply box: finds published articles as
  // words are typed and puts a link or the text into the reply, recording the article on
  // the ticket (so that the ticket counts for it once resolved).
  for (const picker of document.querySelectorAll("[data-article-search]")) {
    const input = picker.querySelector('input[type="search"]');
    const list = picker.querySelector("ul");
    const box = document.getElementById(picker.dataset.articleInto);
    if (!input || !list || !box) continue;
    picker.hidden = false;
    const insert = (text, id) => {
      box.value = box.value.trim() ? box.value.replace(/\s*$/, "\n\n") + text : text;
      box.focus();
      const body = new URLSearchParams({ csrf: csrf(), ticket_id: picker.dataset.ticket });
      fetch(picker.dataset.articleUsed.replace("{id}", id), { method: "POST", body, credentials: "same-origin" }).catch(() => null);
    };
    const button = (label, run) => {
      const b = document.createElement("button");
      b.type = "button";
      b.className = "secondary small";
      b.textContent = label;
      b.addEventListener("click", run);
      return b;
    };
    const find = coalesced(async () => {
      const q = input.value.trim();
      list.replaceChildren();
      if (!q) return;
      const answer = await fetch(`${picker.dataset.articleSearch}?q=${encodeURIComponent(q)}`, { credentials: "same-origin" }).catch(() => null);
      const found = answer && answer.ok ? await answer.json() : [];
      if (!found.length) { const li = document.createElement("li"); li.textContent = picker.dataset.none; list.append(li); return; }
      for (const a of found) {
        const li = document.createElement("li");
        const title = document.createElement("strong");
        title.textContent = a.title;
        const link = `[${a.title}](${location.origin}${a.link})`;
        li.append(title, " ", button(picker.dataset.insertLink, () => insert(link, a.id)), " ", button(picker.dataset.insertText, () => insert(a.text, a.id)));
        list.append(li);
      }
    }, 250, 250);
    input.addEventListener("input", find);
    input.addEventListener("keydown", (e) => { if (e.key === "Enter") e.preventDefault(); });
  }
  // Articles offered while a new ticket's subject is typed; opening one from here counts
  // as a suggestion's view (deflections are counted from those).
  for (const offer of document.querySelectorAll("[data-suggest]")) {
    const input = document.getElementById(offer.dataset.suggestFor);
    const list = offer.querySelector("ul");
    if (!input || !list) continue;
    const suggest = coalesced(async () => {
      const q = input.value.trim();
      const answer = q.length < 3 ? null : await fetch(`${offer.dataset.suggest}?q=${encodeURIComponent(q)}`, { credentials: "same-origin" }).catch(() => null);
      const found = answer && answer.ok ? await answer.json() : [];
      list.replaceChildren(...found.map((a) => {
        const li = document.createElement("li");
        const link = document.createElement("a");
        link.href = a.link;
        link.textContent = a.title;
        link.target = "_blank";
        link.rel = "noopener";
        li.append(link);
        return li;
      }));
      offer.hidden = !found.length;
    }, 300, 300);
    input.addEventListener("input", suggest);
  }
  // Keyboard shortcuts (never while typing); "?" lists them.
  const queueRows = [...document.querySelectorAll("table.list tbody tr")].filter((r) => r.querySelector(".subject a"));
  if (queueRows.length) {
    // The ticket page's j/k walk the queue it was opened from.
    sessionStorage.setItem("helmdesk.queue", JSON.stringify(queueRows.map((r) => r.querySelector(".subject a").getAttribute("href"))));
  }
  let current = -1;
  const mark = (i) => {
    if (!queueRows.length) return;
    current = Math.max(0, Math.min(queueRows.length - 1, i));
    queueRows.forEach((r, n) => r.classList.toggle("current", n === current));
    queueRows[current].querySelector(".subject a").focus();
  };
  const walk = (step) => {
    if (queueRows.length) return mark(current + step);
    const list = JSON.parse(sessionStorage.getItem("helmdesk.queue") || "[]");
    const here = list.indexOf(location.pathname);
    const next = list[here + step];
    if (here >= 0 && next) location.href = next;
  };
  const press = (selector) => {
    const el = document.querySelector(selector);
    if (!el) return;
    if (el.matches("a[data-focus]")) goToReply(el);
    else el.click();
  };
  const help = document.getElementById("shortcuts");
  for (const opener of document.querySelectorAll("button[data-shows]")) {
    const dialog = document.getElementById(opener.dataset.shows);
    if (!dialog) continue;
    opener.hidden = false;
    opener.addEventListener("click", () => dialog.showModal());
  }
  let pending = "";
  document.addEventListener("keydown", (e) => {
    if (e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) return;
    const t = e.target;
    if (t.closest("input, textarea, select, [contenteditable]") || help?.open) return;
    const key = pending + e.key;
    pending = "";
    const moves = {
      "?": () => help?.showModal(),
      "/": () => { const q = document.getElementById("f-q"); if (q) q.focus(); else location.href = "/tickets"; },
      j: () => walk(1),
      k: () => walk(-1),
      r: () => press('[aria-keyshortcuts="r"]'),
      n: () => press('[aria-keyshortcuts="n"]'),
      a: () => press('[aria-keyshortcuts="a"]'),
      gq: () => { location.href = "/tickets"; },
      gn: () => { location.href = "/notifications"; },
      gd: () => { location.href = "/dashboard"; },
    };
    if (key === "g") { pending = "g"; e.preventDefault(); return; }
    const move = moves[key];
    if (move) { e.preventDefault(); move(); }
  });
})();
