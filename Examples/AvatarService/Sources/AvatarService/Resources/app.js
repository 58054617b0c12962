// The avatar page: choose a photo, frame a square on it, send both files. No framework and
// nothing fetched from elsewhere; the service's API is all it talks to.
"use strict";

const $ = (id) => document.getElementById(id);
const photo = $("photo"), stage = $("stage"), preview = $("preview"), box = $("crop-box");
const uploadButton = $("upload"), progress = $("progress"), statusLine = $("status"), errorLine = $("error");
const minimumSide = 32; // natural pixels: a smaller square makes a blurry avatar

let file = null;
let natural = { w: 0, h: 0 }; // the upright picture, as the browser shows it (EXIF applied)
let crop = { x: 0, y: 0, side: 0 }; // in the upright picture's pixels, as the service takes it
// The service's body limit, less room for the form around the photo.
const maxBodyBytes = Number(document.body.dataset.maxBodyBytes) || 25000000;
const maxPhotoBytes = maxBodyBytes - 1024;

function say(text) { statusLine.textContent = text; }
function fail(text) { errorLine.textContent = text; errorLine.hidden = false; }
function clearError() { errorLine.textContent = ""; errorLine.hidden = true; }
// Decimal units, as file managers show sizes.
function megabytes(bytes) { return bytes < 1e6 ? Math.max(1, Math.round(bytes / 1e3)) + " KB" : (bytes / 1e6).toFixed(bytes >= 1e7 ? 0 : 1) + " MB"; }
function kilobytes(bytes) { return (bytes / 1e3).toFixed(1) + " KB"; }

// Screen pixels per picture pixel, as the picture is laid out now.
function scale() { return preview.clientWidth / natural.w; }

// Keeps the square whole pixels inside the picture; `anchor` (a corner a resize keeps still)
// is where the square's right or bottom edge must stay.
function clamp(anchor) {
  crop.side = Math.round(Math.max(Math.min(minimumSide, natural.w, natural.h), Math.min(crop.side, natural.w, natural.h)));
  if (anchor && anchor.right !== undefined) crop.x = anchor.right - crop.side;
  if (anchor && anchor.bottom !== undefined) crop.y = anchor.bottom - crop.side;
  crop.x = Math.round(Math.min(Math.max(0, crop.x), natural.w - crop.side));
  crop.y = Math.round(Math.min(Math.max(0, crop.y), natural.h - crop.side));
}

function render(anchor) {
  clamp(anchor);
  const s = scale();
  box.style.left = crop.x * s + "px";
  box.style.top = crop.y * s + "px";
  box.style.width = crop.side * s + "px";
  box.style.height = crop.side * s + "px";
  const text = `${crop.x},${crop.y},${crop.side},${crop.side}`;
  box.dataset.crop = text;
  $("crop-value").textContent = `(${crop.side} × ${crop.side} px at ${crop.x}, ${crop.y})`;
}

photo.addEventListener("change", async () => {
  clearError();
  $("result").hidden = true;
  file = photo.files[0] || null;
  uploadButton.disabled = true;
  if (!file) { stage.hidden = true; return; }
  if (file.size > maxPhotoBytes) {
    stage.hidden = true;
    fail(`This photo is ${megabytes(file.size)}; the limit is ${megabytes(maxBodyBytes)}. Choose a smaller one.`);
    return;
  }
  if (preview.src.startsWith("blob:")) URL.revokeObjectURL(preview.src);
  preview.src = URL.createObjectURL(file);
  try {
    await preview.decode();
  } catch {
    // The browser cannot show it; the service will say what is wrong with it.
    stage.hidden = true;
    uploadButton.disabled = false;
    say("This browser cannot show the photo; you can still send it.");
    return;
  }
  stage.hidden = false;
  natural = { w: preview.naturalWidth, h: preview.naturalHeight };
  const side = Math.min(natural.w, natural.h);
  crop = { x: (natural.w - side) / 2, y: (natural.h - side) / 2, side };
  render();
  uploadButton.disabled = false;
  say("Finding your face…");
  suggest(file);
});

// Starts the box where the service would crop (around the faces it finds), if the person has
// not moved it meanwhile.
async function suggest(chosen) {
  const before = box.dataset.crop;
  try {
    const response = await fetch("/api/crop-suggestion", { method: "POST", body: chosen });
    const answer = await response.json();
    if (chosen !== file) return;
    if (!response.ok) { say(""); return; }
    if (answer.width !== natural.w || answer.height !== natural.h || box.dataset.crop !== before) { say(""); return; }
    crop = { x: answer.crop.x, y: answer.crop.y, side: answer.crop.w };
    render();
    box.dataset.suggested = answer.crop.mode;
    say(answer.crop.mode === "face" ? "The square starts around your face; move it as you like." : "Move the square as you like.");
  } catch {
    say("");
  }
}

// Dragging: the box moves; a corner resizes the square, the opposite corner staying put.
let drag = null;
box.addEventListener("pointerdown", (event) => {
  event.preventDefault();
  const corner = event.target.dataset ? event.target.dataset.corner : undefined;
  drag = { id: event.pointerId, corner, startX: event.clientX, startY: event.clientY, start: { ...crop } };
  box.setPointerCapture(event.pointerId);
  box.focus();
});
box.addEventListener("pointermove", (event) => {
  if (!drag || event.pointerId !== drag.id) return;
  const s = scale();
  const dx = (event.clientX - drag.startX) / s, dy = (event.clientY - drag.startY) / s;
  const start = drag.start;
  if (!drag.corner) {
    crop = { x: start.x + dx, y: start.y + dy, side: start.side };
  } else {
    const growsRight = drag.corner.includes("e"), growsDown = drag.corner.includes("s");
    const grow = Math.max(growsRight ? dx : -dx, growsDown ? dy : -dy);
    let side = start.side + grow;
    // The fixed corner stays; the square may grow only as far as the picture goes.
    const right = start.x + start.side, bottom = start.y + start.side;
    const room = Math.min(growsRight ? natural.w - start.x : right, growsDown ? natural.h - start.y : bottom);
    side = Math.max(Math.min(minimumSide, room), Math.min(side, room));
    crop = { x: start.x, y: start.y, side };
    render({ right: growsRight ? undefined : right, bottom: growsDown ? undefined : bottom });
    return;
  }
  render();
});
function endDrag(event) {
  if (drag && event.pointerId === drag.id) drag = null;
}
box.addEventListener("pointerup", endDrag);
box.addEventListener("pointercancel", endDrag);
box.addEventListener("lostpointercapture", endDrag);
box.addEventListener("keydown", (event) => {
  const step = event.shiftKey ? 50 : 5;
  const moves = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
  if (!moves[event.key]) return;
  event.preventDefault();
  crop.x += moves[event.key][0];
  crop.y += moves[event.key][1];
  render();
});
window.addEventListener("resize", () => { if (file && !stage.hidden) render(); });

uploadButton.addEventListener("click", () => {
  if (!file) return;
  clearError();
  $("result").hidden = true;
  uploadButton.disabled = true;
  const form = new FormData();
  form.append("photo", file, file.name);
  if (!stage.hidden) form.append("crop", box.dataset.crop);
  const request = new XMLHttpRequest();
  request.open("POST", "/api/avatar");
  request.responseType = "json";
  progress.hidden = false;
  progress.value = 0;
  say("Sending your photo…");
  request.upload.addEventListener("progress", (event) => {
    if (event.lengthComputable) progress.value = (100 * event.loaded) / event.total;
  });
  request.upload.addEventListener("load", () => { progress.removeAttribute("value"); say("Making your profile pictures…"); });
  request.addEventListener("load", () => {
    progress.hidden = true;
    uploadButton.disabled = false;
    const answer = request.response || {};
    if (request.status === 200) return showResult(answer);
    say("");
    const message = answer.error ? answer.error.message : `The service answered ${request.status}.`;
    fail(message);
  });
  request.addEventListener("error", () => {
    progress.hidden = true;
    uploadButton.disabled = false;
    say("");
    fail(file.size > maxPhotoBytes
      ? `This photo is ${megabytes(file.size)}; the limit is ${megabytes(maxBodyBytes)}.`
      : "The connection to the service failed before it answered; try again.");
  });
  request.send(form);
});

function showResult(answer) {
  $("result-image").src = answer.image.url;
  $("result-cropped").src = answer.cropped_image.url;
  $("image-caption").textContent = `image: ${answer.image.width} × ${answer.image.height}, ${kilobytes(answer.image.bytes)}`;
  $("cropped-caption").textContent =
    `cropped_image: ${answer.cropped_image.width} × ${answer.cropped_image.height}, ${kilobytes(answer.cropped_image.bytes)}`;
  const quota = answer.quota;
  $("quota").textContent = quota && quota.left != null
    ? `${quota.left} of ${quota.limit} profile photo changes left today.`
    : quota ? `${quota.used} profile photo changes today.` : "";
  $("result").hidden = false;
  say("Done: both files were sent.");
}
