// optim_viz live control: a slider that swaps a run's precomputed family member in the browser
// while it is dragged (no server round trip), and turns a click on the contour into a start point.
//
// While dragging, the member's path is drawn on a canvas laid over the contour's plot area, its
// loss curve over the loss chart, and its metrics under the slider; the stale traces of that run are
// dimmed. The value goes back to Python only once the learner lets go (debounced); the overlay stays
// until the contour has been redrawn with the new value.

const SYNC_MS = 300;
const OVERLAY_CLASS = "optim-viz-live-overlay";

function decodeF32(spec) {
  const bin = atob(spec.bdata);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return new Float32Array(bytes.buffer);
}

function offsets(lengths) {
  const out = [0];
  for (const n of lengths) out.push(out[out.length - 1] + n);
  return out;
}

function chartNode(key) {
  const nodes = document.querySelectorAll(`.st-key-${key} .js-plotly-plot`);
  return nodes.length ? nodes[nodes.length - 1] : null;
}

function plotArea(gd) {
  const L = gd && gd._fullLayout;
  if (!L || !L.xaxis || !L.yaxis || !L.xaxis.c2p) return null;
  const r = gd.getBoundingClientRect();
  return {xa: L.xaxis, ya: L.yaxis, left: r.left + window.scrollX + L.xaxis._offset,
          top: r.top + window.scrollY + L.yaxis._offset, width: L.xaxis._length, height: L.yaxis._length};
}

function overlayCanvas(key) {
  let c = document.querySelector(`canvas.${OVERLAY_CLASS}[data-for="${key}"]`);
  if (!c) {
    c = document.createElement("canvas");
    c.className = OVERLAY_CLASS;
    c.dataset.for = key;
    c.setAttribute("aria-hidden", "true");
    Object.assign(c.style, {position: "absolute", pointerEvents: "none", zIndex: 5});
    document.body.appendChild(c);
  }
  return c;
}

function clearOverlays() {
  for (const c of document.querySelectorAll(`canvas.${OVERLAY_CLASS}`)) c.remove();
}

function traceNodes(gd, metas) {
  if (!gd) return [];
  return [...gd.querySelectorAll(".scatterlayer .trace")].filter(n => {
    const cd = n.__data__;
    const trace = cd && cd[0] && cd[0].trace;
    return trace && metas.includes(trace.meta);
  });
}

function dim(data, on) {
  for (const [key, metas] of Object.entries(data.dim || {})) {
    for (const node of traceNodes(chartNode(key), metas)) node.style.opacity = on ? "0.15" : "";
  }
}

function fmt(v, digits) {
  if (v === null || v === undefined) return "—";
  if (v !== 0 && (Math.abs(v) < 1e-3 || Math.abs(v) >= 1e4)) return v.toExponential(digits - 1);
  return String(Number(v.toPrecision(digits)));
}

class Live {
  constructor(root) {
    this.root = root;
    this.slider = root.querySelector("input[type=range]");
    this.name = root.querySelector(".name");
    this.value = root.querySelector(".value");
    this.metrics = root.querySelector(".metrics");
    this.draws = 0;
    this.drawTimes = [];  // when the last redraws happened (benchmarks read the rate from them)
    this.pending = false;
    this.dragging = false;
    this.keyHeld = false;
    this.timer = null;
    this.slider.addEventListener("input", () => this.moved());
    this.slider.addEventListener("keydown", e => this.keydown(e));
    this.slider.addEventListener("pointerdown", () => { this.dragging = true; });
    window.addEventListener("pointerup", () => { if (this.dragging) { this.dragging = false; this.schedule(); } });
    // A held key repeats keydown: nothing is sent until it is released (or focus leaves).
    this.slider.addEventListener("keyup", () => { this.keyHeld = false; this.schedule(); });
    this.slider.addEventListener("blur", () => { if (this.keyHeld) { this.keyHeld = false; this.schedule(); } });
    // A native range fires "change" at every key press too: only a released control sends its value.
    this.slider.addEventListener("change", () => { if (!this.keyHeld && !this.dragging) this.schedule(); });
  }

  update(args) {
    const {data, setStateValue, setTriggerValue} = args;
    this.setStateValue = setStateValue;
    this.setTriggerValue = setTriggerValue;
    const fam = data.family;
    const fresh = !this.data || JSON.stringify([fam && fam.values, fam && fam.run, fam && fam.hparam, data.token])
      !== JSON.stringify([this.fam && this.fam.values, this.fam && this.fam.run, this.fam && this.fam.hparam, this.data.token]);
    this.data = data;
    this.root.hidden = !fam;
    if (!fam) return;
    if (fresh) {
      this.fam = fam;
      this.path = decodeF32(fam.path);
      this.loss = decodeF32(fam.loss);
      this.pathAt = offsets(fam.path_len);
      this.lossAt = offsets(fam.loss_len);
      this.slider.min = 0;
      this.slider.max = fam.values.length - 1;
      this.slider.step = 1;
      this.slider.setAttribute("aria-label", data.label);
      this.name.textContent = data.label;
      if (!this.dragging && this.timer === null) this.slider.value = fam.index;
      this.committed = fam.index;
      this.waitForRedraw();
    }
    this.describe(Number(this.slider.value));
  }

  keydown(e) {
    if (e.key.startsWith("Arrow") || e.key.startsWith("Page") || e.key === "Home" || e.key === "End") {
      this.keyHeld = true;
    }
    const page = Math.max(1, Math.round(this.fam.values.length / 10));
    const moves = {PageUp: page, PageDown: -page, Home: -1e9, End: 1e9};
    if (!(e.key in moves)) return;
    e.preventDefault();
    const i = Math.min(Math.max(Number(this.slider.value) + moves[e.key], 0), this.fam.values.length - 1);
    this.slider.value = i;
    this.moved();
  }

  moved() {
    clearTimeout(this.timer);
    this.timer = null;
    if (!this.pending) {
      this.pending = true;
      requestAnimationFrame(() => { this.pending = false; this.draw(Number(this.slider.value)); });
    }
    this.describe(Number(this.slider.value));
    if (!this.dragging && !this.keyHeld) this.schedule();
  }

  schedule() {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.sync(), SYNC_MS);
  }

  sync() {
    this.timer = null;
    const i = Number(this.slider.value);
    if (i === this.committed) { this.finish(); return; }
    this.committed = i;
    clicks.n += 1;
    this.setStateValue("value", {run: this.fam.run, hparam: this.fam.hparam, value: this.fam.values[i], n: clicks.n});
  }

  describe(i) {
    const fam = this.fam, t = this.data.text;
    this.slider.setAttribute("aria-valuetext", fam.texts[i]);
    this.value.textContent = fam.texts[i];
    const div = fam.diverged_at[i];
    const parts = [
      `${t.final_loss} ${fmt(fam.final_loss[i], 3)}`,
      `${t.steps_to_tolerance} ${fam.steps_to_tolerance[i] === null ? "—" : fam.steps_to_tolerance[i]}`,
      `${t.oscillation_index} ${fmt(fam.oscillation_index[i], 2)}`,
    ];
    this.metrics.textContent = "";
    const label = document.createElement("b");
    label.textContent = fam.labels[i];
    label.style.color = fam.colors[i];
    this.metrics.append(label, document.createTextNode(" · " + parts.join(" · ")));
    if (div !== null) {
      const warn = document.createElement("span");
      warn.className = "diverged";
      warn.textContent = " · " + t.diverged.replace("{k}", div);
      this.metrics.append(warn);
    }
  }

  member(i) {
    const fam = this.fam;
    const path = this.path.subarray(2 * this.pathAt[i], 2 * this.pathAt[i + 1]);
    const loss = this.loss.subarray(this.lossAt[i], this.lossAt[i + 1]);
    return {path, loss, color: fam.colors[i], dash: fam.dashes[i], last: fam.last_step[i], diverged: fam.diverged_at[i]};
  }

  draw(i) {
    const m = this.member(i);
    dim(this.data, true);
    this.drawPath(m);
    this.drawLoss(m);
    this.draws += 1;
    this.drawTimes.push(performance.now());
    if (this.drawTimes.length > 600) this.drawTimes.shift();
    this.root.setAttribute("data-draws", String(this.draws));
    this.root.setAttribute("data-index", String(i));
  }

  canvasFor(key) {
    const area = plotArea(chartNode(key));
    if (!area || area.width <= 0 || area.height <= 0) return null;
    const c = overlayCanvas(key), dpr = window.devicePixelRatio || 1;
    Object.assign(c.style, {left: `${area.left}px`, top: `${area.top}px`, width: `${area.width}px`,
                            height: `${area.height}px`});
    if (c.width !== Math.round(area.width * dpr)) c.width = Math.round(area.width * dpr);
    if (c.height !== Math.round(area.height * dpr)) c.height = Math.round(area.height * dpr);
    const ctx = c.getContext("2d");
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, area.width, area.height);
    return {ctx, area};
  }

  stroke(ctx, m, width) {
    ctx.strokeStyle = m.color;
    ctx.fillStyle = m.color;
    ctx.lineWidth = width;
    ctx.lineJoin = "round";
    ctx.setLineDash(m.dash === "dash" ? [8, 5] : m.dash === "dot" ? [2, 4] : m.dash === "dashdot" ? [8, 4, 2, 4] : []);
  }

  drawPath(m) {
    const c = this.canvasFor(this.data.contour);
    if (!c) return;
    const {ctx, area} = c;
    const n = m.path.length / 2;
    this.stroke(ctx, m, 2.4);
    ctx.beginPath();
    for (let k = 0; k < n; k++) {
      const x = area.xa.c2p(m.path[2 * k]), y = area.ya.c2p(m.path[2 * k + 1]);
      if (k === 0) ctx.moveTo(x, y); else ctx.lineTo(x, y);
    }
    ctx.stroke();
    ctx.setLineDash([]);
    for (let k = 0; k < n; k++) {  // a small dot per step, as on the contour
      ctx.fillRect(area.xa.c2p(m.path[2 * k]) - 1.5, area.ya.c2p(m.path[2 * k + 1]) - 1.5, 3, 3);
    }
    const hx = area.xa.c2p(m.path[2 * n - 2]), hy = area.ya.c2p(m.path[2 * n - 1]);
    if (m.diverged !== null) {  // × where the run stops, as on the contour
      ctx.lineWidth = 3;
      ctx.beginPath();
      ctx.moveTo(hx - 7, hy - 7); ctx.lineTo(hx + 7, hy + 7); ctx.moveTo(hx + 7, hy - 7); ctx.lineTo(hx - 7, hy + 7);
      ctx.stroke();
    } else {
      ctx.beginPath();
      ctx.arc(hx, hy, 6, 0, 2 * Math.PI);
      ctx.fill();
      ctx.strokeStyle = "white";
      ctx.lineWidth = 1.5;
      ctx.stroke();
    }
  }

  drawLoss(m) {
    const c = this.canvasFor(this.data.loss);
    if (!c) return;
    const {ctx, area} = c;
    const n = m.loss.length, stride = this.fam.stride;
    this.stroke(ctx, m, 2.2);
    ctx.beginPath();
    for (let k = 0; k < n; k++) {
      const step = k === n - 1 ? m.last : k * stride;
      const x = area.xa.c2p(step), y = area.ya.c2p(m.loss[k]);
      if (k === 0) ctx.moveTo(x, y); else ctx.lineTo(x, y);
    }
    ctx.stroke();
  }

  waitForRedraw() {
    // Keep the overlay until the contour shows the committed value (its figure was replaced).
    const started = performance.now();
    const before = this.overlayData;
    const check = () => {
      const gd = chartNode(this.data.contour);
      if (this.dragging || this.keyHeld || this.timer !== null) return;
      if (!document.querySelector(`canvas.${OVERLAY_CLASS}`)) { dim(this.data, false); return; }
      if ((gd && gd.data !== before) || performance.now() - started > 5000) { this.finish(); return; }
      setTimeout(check, 50);
    };
    setTimeout(check, 50);
  }

  finish() {
    clearOverlays();
    dim(this.data, false);
    const gd = chartNode(this.data.contour);
    this.overlayData = gd && gd.data;
  }
}

// One listener for the whole page turns a click on the contour's plot area into a start point.
const clicks = {target: null, n: Date.now()};  // n numbers every value sent, so each is applied once

function installClicks() {
  if (window.__optimVizClicks) return;
  window.__optimVizClicks = clicks;
  let down = null;
  const tip = document.createElement("div");
  tip.className = "optim-viz-click-tip";
  Object.assign(tip.style, {position: "fixed", pointerEvents: "none", zIndex: 1000, display: "none",
    background: "rgba(255,255,255,0.92)", border: "1px solid #888", borderRadius: "3px", padding: "2px 6px",
    font: "12px sans-serif", color: "#222"});
  document.body.appendChild(tip);
  const locate = (e, gd) => {
    const c = clicks.target;
    if (!c || !c.key) return null;
    if (!gd) {
      gd = e.target.closest && e.target.closest(`.st-key-${c.key} .js-plotly-plot`);
      if (!gd || !e.target.closest(".nsewdrag")) return null;
    }
    const area = plotArea(gd);
    if (!area) return null;
    const px = e.clientX + window.scrollX - area.left, py = e.clientY + window.scrollY - area.top;
    if (px < 0 || py < 0 || px > area.width || py > area.height) return null;
    return {gd, x: area.xa.p2c(px), y: area.ya.p2c(py)};
  };
  // Plotly covers the page while the pointer is down (to pan): the release is located on the plot
  // the press started on.
  document.addEventListener("pointerdown", e => {
    const p = locate(e);
    down = p ? {gd: p.gd, at: [e.clientX, e.clientY]} : null;
  }, true);
  document.addEventListener("pointerup", e => {
    const p = down && locate(e, down.gd);
    if (p && Math.hypot(e.clientX - down.at[0], e.clientY - down.at[1]) < 5) {
      clicks.n += 1;
      clicks.target.send({x: Math.round(p.x * 100) / 100, y: Math.round(p.y * 100) / 100, n: clicks.n});
    }
    down = null;
  }, true);
  document.addEventListener("pointermove", e => {
    const p = locate(e);
    if (!p) { tip.style.display = "none"; return; }
    tip.textContent = `x=${p.x.toFixed(2)}, y=${p.y.toFixed(2)} · ${clicks.target.tip}`;
    Object.assign(tip.style, {display: "block", left: `${e.clientX + 14}px`, top: `${e.clientY + 14}px`});
  }, true);
}

export default function (component) {
  const {data, parentElement, setStateValue, setTriggerValue} = component;
  const root = parentElement.querySelector("[data-live-root]");
  if (!root.__live) root.__live = new Live(root);
  root.__live.update({data, setStateValue, setTriggerValue});
  if (data.click) {
    installClicks();
    clicks.target = {key: data.click.chart, tip: data.click.tip, send: v => setStateValue("click", v)};
  }
}
