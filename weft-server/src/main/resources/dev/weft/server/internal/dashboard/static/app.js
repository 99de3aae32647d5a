// Weft's dashboard: plain JavaScript, no build step. Every page is page.html; body[data-page] picks its renderer.
// Data is put in the DOM with textContent only, so a coroutine's name can never become markup.
"use strict";

const CSRF = document.querySelector('meta[name="weft-csrf"]')?.content || "";

// ---- helpers -----------------------------------------------------------------------------------------------

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === "text") e.textContent = v;
    else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else if (k === "dataset") Object.assign(e.dataset, v);
    else e.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat()) if (c !== null && c !== undefined) e.append(c);
  return e;
}

async function api(path) {
  const r = await fetch(path, { credentials: "same-origin", headers: { Accept: "application/json" } });
  if (r.status === 401) { location.href = "/login"; throw new Error("logged out"); }
  const doc = await r.json();
  if (!r.ok) throw new Error(doc.error || r.statusText);
  return doc;
}

async function post(path, body) {
  const r = await fetch(path, {
    method: "POST",
    credentials: "same-origin",
    headers: { "Content-Type": "application/json", "X-Weft-CSRF": CSRF },
    body: JSON.stringify(body || {}),
  });
  const doc = await r.json().catch(() => ({}));
  if (!r.ok) throw new Error(doc.error || r.statusText);
  return doc;
}

function flash(text, bad) {
  const f = document.getElementById("flash");
  f.hidden = false;
  f.textContent = text;
  f.className = bad ? "flash bad" : "flash";
}

function live(text, ok) {
  const l = document.getElementById("live");
  l.textContent = text;
  l.className = ok ? "live ok" : "live";
}

function mib(bytes) { return bytes ? (bytes / 1048576).toFixed(1) + " MiB" : "–"; }

function ms(n) {
  if (n === undefined || n === null) return "";
  if (n < 1000) return Math.round(n) + " ms";
  if (n < 60000) return (n / 1000).toFixed(1) + " s";
  if (n < 3600000) return (n / 60000).toFixed(1) + " min";
  return (n / 3600000).toFixed(1) + " h";
}

function secs(s) { return ms((s || 0) * 1000); }

function table(id, headers, rows) {
  return el("table", { id },
    el("thead", {}, el("tr", {}, headers.map(h => el("th", { text: h })))),
    el("tbody", {}, rows));
}

function replace(id, node) {
  const old = document.getElementById(id);
  if (old) old.replaceWith(node); else document.getElementById("content").append(node);
}

/** The live status document over server-sent events; calls render(doc) on each. */
function statusStream(render) {
  const es = new EventSource("/api/events");
  es.addEventListener("status", e => { live("live", true); render(JSON.parse(e.data)); });
  es.onerror = () => live("reconnecting…", false);
  return es;
}

function every(millis, fn) {
  fn();
  return setInterval(fn, millis);
}

async function pidSelect(id, selected) {
  const s = el("select", { id }, el("option", { value: "", text: "all processes" }));
  try {
    const doc = await api("/api/status");
    for (const p of doc.processes) {
      s.append(el("option", { value: p.pid, text: p.pid + " (" + p.worker + " #" + p.id + ")",
                              selected: String(p.pid) === selected }));
    }
  } catch (e) { flash(e.message, true); }
  return s;
}

// ---- pages -------------------------------------------------------------------------------------------------

const pages = {};

pages.processes = () => {
  const content = document.getElementById("content");
  content.append(
    el("p", { id: "master" }),
    el("div", { class: "actions" },
      el("button", { id: "reload", type: "button", onclick: () => control("reload", false) }, "Reload"),
      el("button", { id: "reload-graceful", type: "button", onclick: () => control("reload", true) }, "Graceful reload"),
      el("button", { id: "stop", type: "button", class: "danger", onclick: () => control("stop", true) }, "Stop")));
  statusStream(doc => {
    const m = doc.master;
    document.getElementById("master").textContent =
      "master " + m.pid + " · " + m.state + " · up " + secs(m.uptime_s) + " · " + m.processes + " processes · reload " +
      m.reload + " · Weft " + m.version + " on Java " + m.java;
    replace("processes", table("processes",
      ["pid", "worker", "slot", "busy/idle", "uptime", "restarts", "RSS", "connections", "qps", "loop stalls", "coroutines"],
      doc.processes.map(p => el("tr", { dataset: { pid: p.pid } },
        el("td", {}, el("a", { href: "/coroutines?pid=" + p.pid, text: p.pid })),
        el("td", { text: p.worker }),
        el("td", { text: p.id }),
        el("td", { class: p.status, text: p.status }),
        el("td", { text: secs(p.uptime_s) }),
        el("td", { text: p.restarts }),
        el("td", { text: mib(p.memory) }),
        el("td", { text: p.connections }),
        el("td", { text: p.qps }),
        el("td", { text: p.loop_stalls ?? 0 }),
        el("td", { text: p.coroutines })))));
  });
};

async function control(what, graceful) {
  const label = what === "stop" ? "Stop the master and every worker process" + (graceful ? " gracefully" : "")
                                : (graceful ? "Gracefully reload" : "Reload") + " every worker process, one at a time";
  if (!confirm(label + "?")) return;
  try {
    const r = await post("/api/" + what, { graceful });
    flash(what === "stop" ? "stopping (" + r.stop + ")" : "reload: " + r.reload);
  } catch (e) { flash(what + " failed: " + e.message, true); }
}

pages.coroutines = async () => {
  const params = new URLSearchParams(location.search);
  const content = document.getElementById("content");
  const pid = await pidSelect("pid", params.get("pid") || "");
  const search = el("input", { id: "search", type: "search", placeholder: "name or event", value: params.get("q") || "" });
  const idle = el("input", { id: "idle", type: "checkbox" });
  const tree = el("input", { id: "tree", type: "checkbox" });
  const auto = el("input", { id: "auto", type: "checkbox", checked: true });
  const older = el("input", { id: "older", placeholder: "30s", size: 6 });
  const match = el("input", { id: "match", placeholder: "event regex (optional)", size: 18 });
  content.append(
    el("div", { class: "filters" },
      el("label", {}, "Process ", pid), el("label", {}, "Search ", search),
      el("label", {}, idle, " idle waits"), el("label", {}, tree, " tree"),
      el("label", {}, auto, " live"),
      el("button", { id: "refresh", type: "button", onclick: () => load() }, "Refresh")),
    el("div", { class: "filters" },
      el("label", {}, "Kill every wait older than ", older), el("label", {}, " matching ", match),
      el("button", { id: "kill-older", type: "button", class: "danger", onclick: () => killOlder() }, "Kill older than")),
    el("div", { class: "split" }, el("div", { id: "list" }), el("pre", { id: "stack", class: "stack", text: "Click a row for its stack." })));
  for (const i of [pid, idle, tree]) i.addEventListener("change", () => load());
  search.addEventListener("input", () => load());

  async function load() {
    const q = new URLSearchParams({ pid: pid.value, q: search.value, idle: idle.checked ? "1" : "", tree: tree.checked ? "1" : "" });
    try {
      const doc = await api("/api/coroutines?" + q);
      const rows = [];
      for (const p of doc.processes) walk(p.pid, p.coroutines, 0, rows);
      const t = table("coroutines", ["pid", "id", "name", "state", "age", "waits in", "wait age", ""], rows);
      if (!rows.length) t.tBodies[0].append(el("tr", {}, el("td", { colspan: 8, class: "empty", text: "no coroutines match" })));
      const missing = doc.missing.map(m => el("p", { class: "bad", text: "process " + m.pid + ": " + m.error }));
      document.getElementById("list").replaceChildren(t, ...missing);
      live("updated " + new Date().toLocaleTimeString(), true);
    } catch (e) { live(e.message, false); }
  }

  function walk(p, list, depth, rows) {
    for (const c of list) {
      const s = c.suspension;
      rows.push(el("tr", { class: s && s.idle ? "idle" : "", dataset: { pid: p, cid: c.id, name: c.name },
                           onclick: ev => { if (ev.target.tagName !== "BUTTON") stack(p, c.id); } },
        el("td", { text: p }),
        el("td", { text: c.id }),
        el("td", { class: "name", text: "  ".repeat(depth) + (depth ? "└ " : "") + c.name }),
        el("td", { text: c.state + (c.kill_pending ? " (kill pending)" : "") }),
        el("td", { text: ms(c.age_ms) }),
        el("td", { text: s ? s.event : "" }),
        el("td", { text: s ? ms(s.age_ms) : "" }),
        el("td", { class: "buttons" },
          el("button", { type: "button", class: "cancel", id: "cancel-" + p + "-" + c.id, disabled: !s,
                         onclick: () => act("cancel", p, c.id) }, "cancel"),
          el("button", { type: "button", class: "kill danger", id: "kill-" + p + "-" + c.id,
                         onclick: () => confirm("Kill coroutine " + p + ":" + c.id + " (" + c.name + ")?") && act("kill", p, c.id) }, "kill"))));
      if (c.children) walk(p, c.children, depth + 1, rows);
    }
  }

  async function stack(p, cid) {
    const box = document.getElementById("stack");
    try {
      const s = await api("/api/stack?pid=" + p + "&cid=" + cid);
      box.textContent = p + ":" + s.id + " " + s.name + " (" + s.state + ")\n" + s.stack.join("\n");
    } catch (e) { box.textContent = e.message; }
  }

  async function act(what, p, cid) {
    try {
      const r = await post("/api/" + what, { pid: p, cid });
      const done = r.cancelled ?? r.killed;
      flash(what + " " + p + ":" + cid + (done ? ": done" : ": not done" + (r.error ? " (" + r.error + ")" : "")), !done);
      load();
    } catch (e) { flash(what + " failed: " + e.message, true); }
  }

  async function killOlder() {
    if (!older.value) { flash("give an age, e.g. 30s", true); return; }
    const where = pid.value ? "process " + pid.value : "every process";
    if (!confirm("Kill every wait older than " + older.value + (match.value ? " matching " + match.value : "") + " in " + where + "?")) return;
    try {
      const r = await post("/api/kill-older", { pid: pid.value, olderThan: older.value, match: match.value, includeIdle: idle.checked });
      flash("killed " + r.count + " coroutine" + (r.count === 1 ? "" : "s"));
      load();
    } catch (e) { flash("kill older than failed: " + e.message, true); }
  }

  every(2000, () => { if (auto.checked) load(); });
};

pages.histogram = async () => {
  const content = document.getElementById("content");
  const pid = await pidSelect("pid", new URLSearchParams(location.search).get("pid") || "");
  content.append(el("div", { class: "filters" }, el("label", {}, "Process ", pid)),
    el("p", { class: "hint", text: "How long each current wait has lasted, by event (idle waits included)." }));
  pid.addEventListener("change", () => load());
  async function load() {
    try {
      const doc = await api("/api/histogram?pid=" + pid.value);
      const max = Math.max(1, ...doc.events.flatMap(e => e.counts));
      const rows = doc.events.map(e => el("tr", { dataset: { event: e.event } },
        el("td", { class: "name", text: e.event }), el("td", { text: e.total }),
        e.counts.map(n => { const bar = el("span", { class: "bar" }); bar.style.width = (100 * n / max) + "%";
                            return el("td", { class: "cell" }, bar, el("span", { class: "n", text: n || "" })); })));
      const t = table("histogram", ["event", "waits", ...doc.buckets], rows);
      if (!rows.length) t.tBodies[0].append(el("tr", {}, el("td", { colspan: 2 + doc.buckets.length, class: "empty", text: "no waits" })));
      replace("histogram", t);
      live("updated " + new Date().toLocaleTimeString(), true);
    } catch (e) { live(e.message, false); }
  }
  every(2000, load);
};

pages.exits = () => {
  statusStream(doc => {
    const byWorker = {};
    for (const p of doc.processes) {
      const w = byWorker[p.worker] ||= { processes: 0, restarts: 0, recycles: 0 };
      w.processes++; w.restarts += p.restarts || 0; w.recycles += p.recycles || 0;
    }
    replace("exits", table("exits", ["worker", "exit status", "count"],
      doc.exit_info.map(x => el("tr", {}, el("td", { text: x.worker }), el("td", { text: x.status }), el("td", { text: x.count })))));
    if (!doc.exit_info.length) document.querySelector("#exits tbody").append(el("tr", {}, el("td", { colspan: 3, class: "empty", text: "no process has exited" })));
    replace("workers", table("workers", ["worker", "processes", "restarts (live slots)", "recycled"],
      Object.entries(byWorker).map(([w, s]) => el("tr", {}, el("td", { text: w }), el("td", { text: s.processes }),
        el("td", { text: s.restarts }),
        el("td", { text: (doc.recycled.find(r => r.worker === w) || { count: 0 }).count })))));
    replace("failures", el("ul", { id: "failures" }, doc.master.reload_failures.map(f => el("li", { class: "bad", text: f }))));
  });
};

pages.fleet = () => {
  async function load() {
    try {
      const doc = await api("/api/fleet");
      if (!doc.configured) {
        replace("fleet", el("p", { id: "fleet", text: "No Redis is configured: start with WEFT_CONTROL_REDIS=redis://host:6379 "
          + "(and WEFT_CONTROL_SECRET) to see every host and app that answers." }));
        live("not configured", false);
        return;
      }
      const t = table("fleet", ["host", "app", "pid", "worker", "slot", "coroutines", "suspended", "RSS"],
        doc.processes.map(p => el("tr", {}, el("td", { text: p.host }), el("td", { text: p.app }), el("td", { text: p.pid }),
          el("td", { text: p.worker }), el("td", { text: p.slot }), el("td", { text: p.live }),
          el("td", { text: p.suspended }), el("td", { text: mib(p.rss) }))));
      const errs = doc.errors.map(e => el("p", { class: "bad", text: (e.app ? e.app + ": " : "") + e.error }));
      replace("fleet", el("div", { id: "fleet" }, el("p", { text: "Redis " + doc.redis }), t, ...errs));
      live("updated " + new Date().toLocaleTimeString(), true);
    } catch (e) { live(e.message, false); }
  }
  every(5000, load);
};

document.addEventListener("DOMContentLoaded", () => {
  const page = document.body.dataset.page;
  document.querySelector('nav a[data-nav="' + page + '"]')?.classList.add("current");
  document.getElementById("logout").addEventListener("click", async () => {
    await post("/logout").catch(() => {});
    location.href = "/login";
  });
  (pages[page] || (() => {}))();
});
