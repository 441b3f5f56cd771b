// docsvc workbench: upload with progress per file, live job status, evidence highlights. Plain JS, no build.
"use strict";

const csrf = () => document.body.dataset.csrf || "";

function el(tag, attrs, text) {
  const node = document.createElement(tag);
  Object.entries(attrs || {}).forEach(([k, v]) => node.setAttribute(k, v));
  if (text !== undefined) node.textContent = text;
  return node;
}

// ---- upload: one XHR per file, so each file has its own progress bar and its own refusal message
function setupUpload() {
  const form = document.getElementById("upload-form");
  if (!form) return;
  const input = document.getElementById("files");
  const drop = document.getElementById("drop");
  const list = document.getElementById("uploads");
  const max = Number(form.dataset.max);
  const send = (files) => Array.from(files).forEach((file) => uploadOne(file, list, form, max));
  form.addEventListener("submit", (e) => { e.preventDefault(); send(input.files); input.value = ""; });
  ["dragenter", "dragover"].forEach((t) => drop.addEventListener(t, (e) => { e.preventDefault(); drop.classList.add("over"); }));
  ["dragleave", "drop"].forEach((t) => drop.addEventListener(t, () => drop.classList.remove("over")));
  drop.addEventListener("drop", (e) => { e.preventDefault(); send(e.dataTransfer.files); });
}

function uploadOne(file, list, form, max) {
  const item = el("li", {"data-file": file.name});
  const bar = el("progress", {max: "100", value: "0", "aria-label": file.name});
  const status = el("span", {class: "status"}, file.name);
  item.append(status, bar);
  list.append(item);
  if (file.size > max) { refuse(item, status, `${file.name}: > ${max} bytes`); return; }
  const data = new FormData();
  data.append("file", file, file.name);
  const customer = document.getElementById("customer");
  if (customer && customer.value) data.append("customer", customer.value);
  const xhr = new XMLHttpRequest();
  xhr.open("POST", "/ui/upload");
  xhr.setRequestHeader("X-CSRF-Token", csrf());
  xhr.upload.addEventListener("progress", (e) => { if (e.lengthComputable) bar.value = Math.round(100 * e.loaded / e.total); });
  xhr.addEventListener("load", () => {
    if (xhr.responseURL.endsWith("/ui/sign-in")) { window.location.assign("/ui/sign-in"); return; }  // session ended
    let body = {};
    try { body = JSON.parse(xhr.responseText); } catch (err) { body = {message: xhr.statusText}; }
    if (xhr.status >= 400) { refuse(item, status, `${file.name}: ${body.message}`); return; }
    bar.value = 100;
    item.dataset.job = body.job;
    status.textContent = `${file.name}: ${body.duplicate ? form.dataset.duplicate : body.status}`;
    watch(item, status, bar, file.name, form.dataset.open);
  });
  xhr.addEventListener("error", () => refuse(item, status, `${file.name}: network error`));
  xhr.send(data);
}

function refuse(item, status, text) {
  item.classList.add("refused");
  item.dataset.state = "refused";
  status.textContent = text;
  status.setAttribute("role", "alert");
}

function watch(item, status, bar, name, openText) {
  const tick = async () => {
    const response = await fetch(`/ui/jobs?ids=${item.dataset.job}`, {credentials: "same-origin"});
    if (!response.ok || response.redirected) return;
    const job = (await response.json()).jobs[0];
    if (!job) return;
    status.textContent = `${name}: ${job.status}${job.error ? " — " + job.error : ""}`;
    item.dataset.state = job.status;
    if (job.status === "succeeded" || job.status === "failed") {
      if (job.contract_id) item.append(el("a", {href: `/ui/contracts/${job.contract_id}`, class: "open"}, `${openText}: ${name}`));
      return;
    }
    bar.value = Math.max(bar.value, job.progress);
    setTimeout(tick, 1000);
  };
  setTimeout(tick, 500);
}

// ---- dashboard: documents being processed, polled
function setupPolling() {
  const list = document.getElementById("active-jobs");
  if (!list) return;
  const refresh = async () => {
    const response = await fetch(list.dataset.poll, {credentials: "same-origin"});
    if (response.redirected) return;  // signed out: stop polling
    if (response.ok) {
      const jobs = (await response.json()).jobs;
      list.replaceChildren(...(jobs.length ? jobs.map((j) => {
        const li = el("li", {}, `${j.filename} — ${j.status} `);
        li.append(el("progress", {max: "100", value: String(j.progress)}));
        return li;
      }) : [el("li", {class: "muted"}, list.dataset.empty)]));
    }
    setTimeout(refresh, 3000);
  };
  setTimeout(refresh, 3000);
}

// ---- contract view: a value's evidence is highlighted on its page (bbox in PDF points, top-left origin)
function setupEvidence() {
  document.querySelectorAll("button.value[data-evidence]").forEach((button) => {
    button.addEventListener("click", () => show(JSON.parse(button.dataset.evidence)));
  });
}

function show(ev) {
  document.querySelectorAll(".highlight").forEach((h) => { h.hidden = true; h.classList.remove("active"); });
  document.querySelectorAll(".docx .hl").forEach((p) => p.classList.remove("hl"));
  if (ev.page) {
    const page = document.getElementById(`page-${ev.page}`);
    if (!page) return;
    const box = page.querySelector(".highlight");
    if (ev.bbox) {
      const w = Number(page.dataset.width), h = Number(page.dataset.height);
      const [x0, top, x1, bottom] = ev.bbox;
      box.style.left = `${(100 * x0) / w}%`;
      box.style.top = `${(100 * top) / h}%`;
      box.style.width = `${(100 * (x1 - x0)) / w}%`;
      box.style.height = `${(100 * (bottom - top)) / h}%`;
      box.hidden = false;
      box.classList.add("active");
      box.scrollIntoView({block: "center", behavior: "smooth"});
    } else {
      page.scrollIntoView({block: "start", behavior: "smooth"});
    }
  } else if (ev.paragraph !== null && ev.paragraph !== undefined) {
    const para = document.getElementById(`para-${ev.paragraph}`);
    if (para) { para.classList.add("hl"); para.scrollIntoView({block: "center", behavior: "smooth"}); }
  }
}

// ---- row review: clicking a row shows its evidence; a missed row's quote and evidence come from the document
function setupRows() {
  document.querySelectorAll("tr[data-row]").forEach((row) => {
    row.addEventListener("click", (e) => {
      if (e.target.closest("form, details, button")) return;  // the row's own controls do their own thing
      const button = row.querySelector("button.value[data-evidence]");
      if (button) button.click();
    });
  });
  document.querySelectorAll("button.value[data-evidence]").forEach((button) => {
    button.addEventListener("click", () => {
      document.querySelectorAll("tr.selected").forEach((r) => r.classList.remove("selected"));
      const row = button.closest("tr[data-row]");
      if (row) row.classList.add("selected");
    });
  });
  const adds = Array.from(document.querySelectorAll("details.add-row"));
  if (!adds.length) return;
  let target = null;  // the add form opened last receives what is picked in the document
  const doc = document.querySelector("section.doc");
  adds.forEach((d) => d.addEventListener("toggle", () => {
    if (d.open) target = d; else if (target === d) target = adds.find((x) => x.open) || null;
    if (doc) doc.classList.toggle("picking", Boolean(target));
  }));
  if (!doc) return;
  const field = (name) => target.querySelector(`[data-${name}]`);
  doc.addEventListener("mouseup", () => {
    const selection = window.getSelection();
    const text = selection ? selection.toString().replace(/\s+/g, " ").trim() : "";
    if (!target || !text) return;
    field("quote").value = text;
    const node = selection.anchorNode && (selection.anchorNode.nodeType === 1 ? selection.anchorNode : selection.anchorNode.parentElement);
    const para = node && node.closest("[id^=para-]");
    if (para) { field("paragraph").value = para.id.slice(5); field("page").value = ""; field("bbox").value = ""; }
  });
  doc.querySelectorAll("figure.page").forEach((figure) => {
    figure.addEventListener("click", (e) => {
      if (!target) return;
      const rect = figure.getBoundingClientRect();
      const w = Number(figure.dataset.width), h = Number(figure.dataset.height);
      const x = ((e.clientX - rect.left) / rect.width) * w, y = ((e.clientY - rect.top) / rect.height) * h;
      // A line's worth of box around the click, in PDF points (top-left origin), as extraction writes them.
      const box = [Math.max(0, x - 80), Math.max(0, y - 8), Math.min(w, x + 80), Math.min(h, y + 8)];
      field("page").value = figure.id.slice(5);
      field("bbox").value = box.map((v) => v.toFixed(1)).join(" ");
      field("paragraph").value = "";
      show({page: Number(figure.id.slice(5)), bbox: box});
    });
  });
}

document.addEventListener("DOMContentLoaded", () => { setupUpload(); setupPolling(); setupEvidence(); setupRows(); });
