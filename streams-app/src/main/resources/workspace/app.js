// plo-tracker care-team workspace: pages over the JSON API (openapi.yaml). No external resources: uPlot is served
// from its webjar by the same server, so the pages work on a hospital network without internet access.
"use strict";
const PLO = (() => {
  const esc = (v) => String(v == null ? "" : v).replace(/[&<>"']/g,
      (c) => ({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c]));
  const fmt = (v, digits) => (v == null ? "n/a" : Number(v).toFixed(digits));
  const day = (iso) => Date.parse(iso + "T00:00:00Z") / 1000;

  async function api(path, options) {
    const response = await fetch(path, Object.assign({headers: {"Accept": "application/json"}}, options || {}));
    let body = null;
    try { body = await response.json(); } catch (e) { body = null; }
    if (!response.ok) {
      const retry = response.headers.get("Retry-After");
      const why = (body && body.error) || response.statusText;
      const error = new Error(response.status + ": " + why + (retry ? " (retry in " + retry + " s)" : ""));
      error.status = response.status;
      throw error;
    }
    return body;
  }

  function showError(error) {
    document.getElementById("status").innerHTML = '<p class="error" role="alert">' + esc(error.message) + "</p>";
  }

  function table(headers, rows, id) {
    return '<table' + (id ? ' id="' + id + '"' : "") + "><thead><tr>" + headers.map((h) => "<th>" + esc(h) + "</th>").join("")
        + "</tr></thead><tbody>" + rows.map((r) => "<tr>" + r.map((c) => "<td>" + c + "</td>").join("") + "</tr>").join("")
        + "</tbody></table>";
  }

  // ---- worklist ----
  async function worklistPage() {
    document.getElementById("open-patient").addEventListener("submit", (e) => {
      e.preventDefault();
      const id = document.getElementById("patient-id").value.trim();
      if (id) { location.href = "/patient.html?id=" + encodeURIComponent(id); }
    });
    const by = document.getElementById("ack-by");
    by.value = localStorage.getItem("plo.ackBy") || "";
    by.addEventListener("change", () => localStorage.setItem("plo.ackBy", by.value));
    const params = new URLSearchParams(location.search);
    const offset = Number(params.get("offset") || 0);
    const limit = Number(params.get("limit") || 50);
    try {
      const page = await api("/api/worklist?offset=" + offset + "&limit=" + limit);
      const body = document.querySelector("#worklist tbody");
      body.innerHTML = page.items.map((a) => '<tr data-alert-id="' + esc(a.alertId) + '">'
          + '<td class="sev-' + esc(a.severity) + '">' + esc(a.severity) + "</td><td>" + esc(a.raisedAt.substring(0, 10))
          + '</td><td><a href="/patient.html?id=' + encodeURIComponent(a.patientId) + '">' + esc(a.patientId) + "</a></td><td>"
          + esc(a.kind) + "</td><td>" + esc(a.headline) + '</td><td><input type="text" class="ack-note" placeholder="note" aria-label="note">'
          + ' <button class="ack" data-alert-id="' + esc(a.alertId) + '" data-patient-id="' + esc(a.patientId) + '">Acknowledge</button></td></tr>').join("");
      if (page.items.length === 0) {
        body.innerHTML = '<tr><td colspan="6" class="muted">No open alerts.</td></tr>';
      }
      document.getElementById("paging").textContent = page.total + " open alert(s); showing "
          + (page.items.length ? (offset + 1) + "–" + (offset + page.items.length) : "none") + ".";
      body.querySelectorAll("button.ack").forEach((button) => button.addEventListener("click", () => acknowledge(button)));
    } catch (e) { showError(e); }
  }

  async function acknowledge(button) {
    const row = button.closest("tr");
    const note = row.querySelector(".ack-note").value;
    const by = document.getElementById("ack-by") ? document.getElementById("ack-by").value : "";
    button.disabled = true;
    try {
      await api("/api/alerts/" + encodeURIComponent(button.dataset.alertId) + "/acknowledge", {method: "POST",
        headers: {"Content-Type": "application/json", "Accept": "application/json"},
        body: JSON.stringify({patientId: button.dataset.patientId, note: note, by: by || "care team"})});
      // the acknowledgement is an event: wait until the worklist has processed it
      for (let i = 0; i < 60; i++) {
        const page = await api("/api/worklist?limit=500");
        if (!page.items.some((a) => a.alertId === button.dataset.alertId)) { break; }
        await new Promise((r) => setTimeout(r, 250));
      }
      row.remove();
    } catch (e) { button.disabled = false; showError(e); }
  }

  // ---- patient ----
  async function patientPage() {
    const id = new URLSearchParams(location.search).get("id");
    if (!id) { showError(new Error("no patient id in the address (patient.html?id=...)")); return; }
    document.getElementById("title").textContent = "Patient " + id;
    try {
      const [patient, bmd] = await Promise.all([api("/api/patients/" + encodeURIComponent(id)),
        api("/api/patients/" + encodeURIComponent(id) + "/bmd")]);
      renderSummary(patient);
      renderCharts(bmd);
      renderAlerts(patient.alerts);
      document.getElementById("changes").innerHTML = patient.bmdChanges.length === 0 ? '<p class="muted">No compared pairs yet.</p>'
          : table(["Site", "Earlier", "Later", "Months", "BMD change", "ΔZ", "Classification", "LSC", "Treatment"],
              patient.bmdChanges.map((c) => [esc(c.site), esc(c.earlierDate), esc(c.laterDate), fmt(c.monthsBetween, 1),
                c.bmdChangePercent == null ? "n/a" : (c.bmdChangePercent > 0 ? "+" : "") + fmt(c.bmdChangePercent, 1) + " %",
                fmt(c.deltaZ, 1), esc(c.classification), c.threshold == null ? esc(c.notComparableReason || "n/a")
                    : fmt(c.threshold, 2) + " " + esc(c.thresholdUnit), esc(c.treatmentGroup)]), "changes-table");
      document.getElementById("timeline").innerHTML = table(["Date", "Kind", "What"],
          patient.timeline.map((t) => [esc(t.date), esc(t.kind), esc(t.summary)]), "timeline-table");
    } catch (e) { showError(e); }
  }

  function renderSummary(p) {
    const s = p.summary;
    document.getElementById("summary").innerHTML = s == null ? '<span class="muted">No summary yet.</span>'
        : "<div><strong>Index episode:</strong> " + (s.indexEpisodeKind ? esc(s.indexEpisodeKind) + " on " + esc(s.indexEpisodeDate)
          + " (delivery " + esc(s.indexDeliveryDate) + ")" + (s.fracturedVertebrae.length ? ", vertebrae " + esc(s.fracturedVertebrae.join(", ")) : "")
          : "none") + "</div><div><strong>Current treatment:</strong> " + (s.currentTreatments.length ? esc(s.currentTreatments.join(", ")) : "none")
        + "</div><div><strong>Events:</strong> " + esc(s.eventCount) + "</div>";
  }

  function renderAlerts(alerts) {
    document.getElementById("alerts").innerHTML = alerts.length === 0 ? '<p class="muted">No alerts.</p>'
        : alerts.map((a) => '<div class="card"><div class="sev-' + esc(a.severity) + '">' + esc(a.severity) + " · " + esc(a.kind)
          + " · " + esc(a.status) + "</div><div><strong>" + esc(a.headline) + '</strong></div><div class="muted">raised '
          + esc(a.raisedAt) + "</div><ul>" + a.reasons.map((r) => "<li>" + esc(r) + "</li>").join("") + "</ul>"
          + (a.acknowledgement ? '<div class="muted">Acknowledged by ' + esc(a.acknowledgement.by) + " at " + esc(a.acknowledgement.at)
            + (a.acknowledgement.note ? ": " + esc(a.acknowledgement.note) : "") + "</div>" : "") + "</div>").join("");
  }

  const TREATMENT_COLOURS = ["rgba(46,125,50,0.10)", "rgba(21,101,192,0.08)", "rgba(106,27,154,0.09)", "rgba(230,81,0,0.09)"];
  const charts = {};

  function renderCharts(view) {
    const container = document.getElementById("charts");
    container.innerHTML = "";
    if (view.sites.length === 0) { container.innerHTML = '<p class="muted">No scans.</p>'; return; }
    const colourOf = {};
    view.treatments.forEach((t) => { if (!(t.agent in colourOf)) { colourOf[t.agent] = TREATMENT_COLOURS[Object.keys(colourOf).length % TREATMENT_COLOURS.length]; } });
    view.sites.forEach((site) => {
      const section = document.createElement("section");
      section.className = "card";
      section.innerHTML = "<h3>" + esc(site.site) + '</h3><div class="chart" id="chart-' + esc(site.site) + '" role="img" aria-label="'
          + esc(site.site) + ' trajectory; the table below has the same data"></div>';
      container.appendChild(section);
      charts[site.site] = drawSite(section.querySelector(".chart"), site, view.treatments, colourOf);
      const details = document.createElement("details");
      details.innerHTML = "<summary>Table of the " + esc(site.site) + " chart</summary>"
          + table(["Date", "BMD g/cm²", "Z", "T", "Device"], site.scans.map((s) => [esc(s.date), fmt(s.bmd, 3), fmt(s.z, 1), fmt(s.t, 1),
            esc(s.device) + (s.deviceChanged ? " (device changed)" : "")]), "scans-" + site.site)
          + table(["Compared", "Basis", "Classification", "Change", "LSC band"], site.comparisons.map((c) => [esc(c.earlierDate + " → " + c.laterDate),
            esc(c.basis), esc(c.classification), c.bmdChangePercent != null ? fmt(c.bmdChangePercent, 1) + " % BMD" : (c.deltaZ != null ? fmt(c.deltaZ, 1) + " Z" : "n/a"),
            c.bandLow == null ? "n/a" : fmt(c.bandLow, c.bandUnit === "Z" ? 1 : 3) + "–" + fmt(c.bandHigh, c.bandUnit === "Z" ? 1 : 3) + " " + esc(c.bandUnit)]))
          + table(["Treatment", "From", "To"], view.treatments.map((t) => [esc(t.agent), esc(t.from || "?"), esc(t.to || "ongoing")]));
      section.appendChild(details);
    });
  }

  function drawSite(element, site, treatments, colourOf) {
    const xs = site.scans.map((s) => day(s.date));
    const data = [xs, site.scans.map((s) => s.bmd), site.scans.map((s) => s.z), site.scans.map((s) => (s.deviceChanged ? (s.bmd != null ? s.bmd : null) : null))];
    const series = [{},
      {label: "BMD g/cm²", scale: "bmd", stroke: "#21405f", width: 2, points: {show: true, size: 8}, value: (u, v) => fmt(v, 3)},
      {label: "Z-score", scale: "z", stroke: "#b35806", width: 2, dash: [6, 4], points: {show: true, size: 8}, value: (u, v) => fmt(v, 1)},
      {label: "device changed", scale: "bmd", stroke: "#a50f15", width: 0, paths: () => null,
        points: {show: true, size: 16, width: 2, fill: "transparent", stroke: "#a50f15"}}];
    const bands = [];
    site.comparisons.forEach((c) => {
      if (c.bandLow == null) { return; }
      const high = xs.map((x) => (x === day(c.earlierDate) || x === day(c.laterDate) ? c.bandHigh : null));
      const low = xs.map((x) => (x === day(c.earlierDate) || x === day(c.laterDate) ? c.bandLow : null));
      const scale = c.bandUnit === "Z" ? "z" : "bmd";
      const fill = c.classification === "SIGNIFICANT_LOSS" ? "rgba(165,15,21,0.15)" : "rgba(33,64,95,0.13)";
      data.push(high, low);
      series.push({label: "LSC+ from " + c.earlierDate, scale: scale, stroke: "rgba(0,0,0,0.25)", width: 1, points: {show: false}},
          {label: "LSC− from " + c.earlierDate, scale: scale, stroke: "rgba(0,0,0,0.25)", width: 1, points: {show: false}});
      bands.push({series: [series.length - 2, series.length - 1], fill: fill});
    });
    const shade = (u) => {
      const ctx = u.ctx;
      treatments.forEach((t, i) => {
        const from = t.from ? u.valToPos(day(t.from), "x", true) : u.bbox.left;
        const to = t.to ? u.valToPos(day(t.to), "x", true) : u.bbox.left + u.bbox.width;
        const left = Math.max(u.bbox.left, from);
        const right = Math.min(u.bbox.left + u.bbox.width, to);
        if (right <= left) { return; }
        ctx.save();
        ctx.fillStyle = colourOf[t.agent];
        ctx.fillRect(left, u.bbox.top, right - left, u.bbox.height);
        ctx.fillStyle = "#2e3d4d";
        ctx.font = (12 * devicePixelRatio) + "px system-ui";
        ctx.fillText(t.agent, left + 4, u.bbox.top + (14 + 14 * (i % 3)) * devicePixelRatio);
        ctx.restore();
      });
    };
    const hasBmd = site.scans.some((s) => s.bmd != null);
    const hasZ = site.scans.some((s) => s.z != null);
    const span = Math.max(86400 * 60, xs[xs.length - 1] - xs[0]);
    const opts = {
      width: Math.min(1100, element.clientWidth || 900), height: 300,
      scales: {x: {time: true, range: [xs[0] - span * 0.1, xs[xs.length - 1] + span * 0.1]}, bmd: {auto: true}, z: {auto: true}},
      axes: [{}, {scale: "bmd", label: "BMD g/cm²", show: hasBmd},
        {scale: "z", side: 1, label: "Z-score", show: hasZ, grid: {show: !hasBmd}}],
      series: series, bands: bands, hooks: {drawClear: [shade]}};
    const plot = new uPlot(opts, data, element);
    element.dataset.points = String(xs.length);
    return plot;
  }

  // ---- cohort ----
  async function cohortPage() {
    try {
      const [cohort, rows] = await Promise.all([api("/api/cohort"), api("/api/bmd-changes?limit=1000")]);
      const stat = (s) => (s.n === 0 ? "n/a" : fmt(s.mean, 2) + (s.sampleSd == null ? "" : " ± " + fmt(s.sampleSd, 2)) + " (n=" + s.n + ")");
      document.getElementById("cohort").innerHTML = cohort.groups.length === 0 ? '<p class="muted">No first follow-up pairs yet.</p>'
          : table(["Site", "Treatment group", "Patients", "ΔZ", "ΔT", "BMD change %", "Mean months"], cohort.groups.map((g) => [esc(g.site),
            esc(g.treatmentGroup), esc(g.patients), stat(g.deltaZ), stat(g.deltaT), stat(g.bmdChangePercent), fmt(g.meanMonthsBetween, 1)]), "cohort-table");
      document.getElementById("table1").innerHTML = table(["Patient", "Site", "Earlier", "Later", "BMD %", "ΔZ", "Classification", "Group"],
          rows.rows.map((c) => [esc(c.patientId), esc(c.site), esc(c.earlierDate), esc(c.laterDate), fmt(c.bmdChangePercent, 1), fmt(c.deltaZ, 1),
            esc(c.classification), esc(c.treatmentGroup)]), "table1-table") + '<p class="muted">' + rows.total + " row(s).</p>";
    } catch (e) { showError(e); }
  }

  return {worklistPage, patientPage, cohortPage, charts};
})();
window.ploCharts = PLO.charts;
