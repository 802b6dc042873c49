// The semantics layer: an invisible DOM tree kept in step with the widgets the app draws on its
// canvas (the way Flutter's web engine does it), so screen readers, the browser's find-in-page
// and automation see what is on screen. The app sends, after each frame that changed it, the list
// of named widgets with their role, label, value, state and rectangle (client/ui/probe.h); each
// becomes one element at the same place, transparent, reused by name so focus stays put.
// Activating an element (a screen reader's double tap, Enter on a focused button) presses the
// widget on the canvas, as a finger would.
'use strict';

(function () {
  const root = document.getElementById('semantics');
  const canvas = document.getElementById('canvas');
  const nodes = new Map();  // widget name -> element
  const groups = {};        // container elements for rows and tabs

  function group(role, label) {
    if (!groups[role]) {
      const g = document.createElement('div');
      g.setAttribute('role', role);
      g.setAttribute('aria-label', label);
      root.appendChild(g);
      groups[role] = g;
    }
    return groups[role];
  }

  function tagFor(role) {
    switch (role) {
      case 'button': return 'button';
      case 'heading': return 'h2';
      case 'link': return 'a';
      default: return 'div';
    }
  }

  // A press on the canvas at the element's middle, one event per frame (the app reads input once
  // a frame).
  async function press(item) {
    const dpr = window.devicePixelRatio || 1;
    const box = canvas.getBoundingClientRect();
    const [x, y, w, h] = item.rect;
    const clientX = box.left + (x + Math.min(w / 2, 40 * dpr)) / dpr, clientY = box.top + (y + h / 2) / dpr;
    const frame = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    const send = (type) => canvas.dispatchEvent(new MouseEvent(type, { clientX, clientY, button: 0, buttons: type === 'mouseup' ? 0 : 1, bubbles: true }));
    send('mousemove');
    await frame();
    send('mousedown');
    await frame();
    send('mouseup');
  }

  function make(item) {
    const el = document.createElement(tagFor(item.role));
    el.dataset.widget = item.name;
    if (item.role === 'textbox' || item.role === 'checkbox' || item.role === 'combobox' || item.role === 'tab') {
      el.setAttribute('role', item.role);
      el.tabIndex = 0;
    } else if (item.role === 'row') {
      el.setAttribute('role', 'listitem');
      el.tabIndex = 0;
    } else if (item.role === 'link') {
      el.href = '#';
    }
    el.addEventListener('click', (e) => { e.preventDefault(); press(el._item); });
    el.addEventListener('keydown', (e) => {
      if ((e.key === 'Enter' || e.key === ' ') && el.tagName !== 'BUTTON') { e.preventDefault(); press(el._item); }
    });
    // Focusing a text box from a screen reader starts editing it on the canvas.
    if (item.role === 'textbox') el.addEventListener('focus', () => press(el._item));
    return el;
  }

  function set(el, attr, value) {
    if (value === null || value === undefined || value === false) {
      if (el.hasAttribute(attr)) el.removeAttribute(attr);
    } else if (el.getAttribute(attr) !== String(value)) {
      el.setAttribute(attr, String(value));
    }
  }

  function update(json) {
    let items;
    try { items = JSON.parse(json); } catch (e) { return; }
    const dpr = window.devicePixelRatio || 1;
    const seen = new Set();
    for (const item of items) {
      seen.add(item.name);
      let el = nodes.get(item.name);
      if (!el) {
        el = make(item);
        nodes.set(item.name, el);
      }
      el._item = item;
      const parent = item.role === 'row' ? group('list', 'List') : item.role === 'tab' ? group('tablist', 'Navigation') : root;
      if (el.parentNode !== parent) parent.appendChild(el);
      const label = item.role === 'textbox' || item.role === 'combobox' ? item.label
        : item.value && item.role === 'row' ? item.label + ', ' + item.value : item.label;
      set(el, 'aria-label', label || null);
      const text = item.role === 'text' ? (item.value ? item.label + ': ' + item.value : item.label)
        : item.role === 'heading' ? item.label : item.role === 'textbox' || item.role === 'combobox' ? (item.value || '') : '';
      if (el.textContent !== text) el.textContent = text;
      if (item.role === 'checkbox') set(el, 'aria-checked', item.checked ? 'true' : 'false');
      if (item.role === 'tab') set(el, 'aria-selected', item.selected ? 'true' : 'false');
      set(el, 'aria-disabled', item.disabled ? 'true' : null);
      if (item.role === 'button' && item.selected) set(el, 'aria-pressed', 'true');
      const [x, y, w, h] = item.rect;
      el.style.left = (x / dpr) + 'px';
      el.style.top = (y / dpr) + 'px';
      el.style.width = (w / dpr) + 'px';
      el.style.height = (h / dpr) + 'px';
    }
    for (const [name, el] of nodes) {
      if (!seen.has(name)) {
        el.remove();
        nodes.delete(name);
      }
    }
    for (const g of Object.values(groups)) if (!g.firstChild && g.parentNode) g.remove(), delete groups[g.getAttribute('role')];
  }

  window.CrmSemantics = { update };
})();
