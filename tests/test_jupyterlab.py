"""Every chapter as a student runs it: JupyterLab in headless Chromium.

Starts a real JupyterLab from this environment (the packages of ``requirements.txt``,
jupyterlab-myst included) on ``127.0.0.1``, with empty user settings (but for the news
popup and autosave, off) and a copy of ``book/`` as its folder, and opens each
chapter as a reader who has just cloned the book. Before running anything it checks
that the notebook is not marked modified, that the first line says to run all cells,
that every Markdown cell renders without raw MyST markup (``:label:``, ``{exercise}``,
``{cite}``, ...), that every exercise solution is folded (the dropdown closed and the
solution's code cells collapsed) and that every animation already shows its first
frame. Then it runs all cells, waits for the kernel, and checks that no output is an
error, that every animation advances when stepped and played, that every widget panel
is live and that moving each control (a slider by keyboard, a dropdown to another
option) changes what the panel shows. One screenshot per chapter goes to
``ci-artifacts/jupyterlab/``.

After Run All it also compares every output with the stored one, as nbval does (text and
HTML, not images; the sanitisers of ``tests/nbval_sanitize.cfg``; cells tagged
``nbval-ignore-output`` skipped). ``.ci/run`` starts it with OpenBLAS forced to another
kernel (``OPENBLAS_CORETYPE=Prescott``), which plays another reader's CPU: so the one
pass that runs the chapters as students do is also the check that every printed number
holds on another processor (README: "Heavier checks").

It executes the whole book again (a few minutes), so it runs only when asked::

    python -m pytest --jupyterlab tests/test_jupyterlab.py

and ``.ci/run`` asks for it. Needs Debian's ``chromium`` like ``tests/test_browser.py``.
With ``BOOK_LAB_EDITION=estudiante`` it drives the student edition instead, where every
coding exercise must print «Aún no has escrito…» (screenshots in
``ci-artifacts/jupyterlab-estudiante/``).
"""

from __future__ import annotations

import configparser
import difflib
import json
import os
import queue
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from concurrent.futures import Future
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# book (the teacher edition, by default) or estudiante (the student edition)
EDITION = os.environ.get("BOOK_LAB_EDITION", "book")
NOTEBOOKS = sorted((ROOT / EDITION).glob("*.ipynb"))
SHOTS = ROOT / "ci-artifacts" / "jupyterlab" if EDITION == "book" else (
    ROOT / "ci-artifacts" / f"jupyterlab-{EDITION}")
# What a coding exercise prints after Run All: solved in the book, a skeleton for students.
EXERCISE_OUTPUT = {"book": "✔ Correcto", "estudiante": "Aún no has escrito"}[EDITION]
TOKEN = "book-test"
RUN_TIMEOUT_S = 600  # a hang guard for one chapter's Run All, not a speed target
START_TIMEOUT_S = 300  # a hang guard for the server's start, not a speed target
UPDATE_TIMEOUT_S = 20  # a hang guard for one widget update

pytestmark = pytest.mark.jupyterlab

# Raw MyST a reader must never see in a rendered Markdown cell.
RAW_MYST = (r"```|:label:|:class:|\{(exercise|solution|doc|cite|ref|numref|eq|prf:[a-z]+|"
            r"admonition|note|warning|important|tip)[^}]*\}`?")


# --- The server ------------------------------------------------------------------------
def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab():
    """A JupyterLab server on 127.0.0.1 with empty user settings; yields its base URL."""
    home = Path(tempfile.mkdtemp(prefix="book-lab-"))
    # The server works on a copy of the chapters: a run marks them modified, and nothing
    # the browser does may write to the repository.
    for folder in ("book", "estudiante"):  # the student edition links to the book's pages
        shutil.copytree(ROOT / folder, home / "work" / folder)
    settings = home / "settings" / "@jupyterlab"
    for plugin, values in {
        # no "Would you like to get notified about Jupyter news?" over the screenshots
        "apputils-extension/notification": {"fetchNews": "false", "checkForUpdates": False},
        "docmanager-extension/plugin": {"autosave": False},
    }.items():
        path = settings / f"{plugin}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values), encoding="utf-8")
    # Only what readers install: the dev extra's nbgrader brings a JupyterLab extension
    # (its own menu and toolbar) that requirements.txt does not.
    labconfig = home / "config" / "labconfig"
    labconfig.mkdir(parents=True)
    (labconfig / "page_config.json").write_text(
        json.dumps({"disabledExtensions": {"@jupyter/nbgrader": True}}), encoding="utf-8")
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(home / "config"),
               JUPYTER_RUNTIME_DIR=str(home / "runtime"),
               JUPYTERLAB_SETTINGS_DIR=str(home / "settings"),
               JUPYTERLAB_WORKSPACES_DIR=str(home / "workspaces"))
    env.pop("MPLBACKEND", None)  # the kernels show figures inline, as for a reader
    port = _free_port()
    cmd = [sys.executable, "-m", "jupyter", "lab", "--no-browser", "--ip=127.0.0.1",
           f"--port={port}", f"--IdentityProvider.token={TOKEN}", "--ServerApp.password=",
           "--LabApp.expose_app_in_browser=True", f"--ServerApp.root_dir={home / 'work'}"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")
    log = open(home / "server.log", "wb")  # noqa: SIM115 (closed below)
    server = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        # a hang guard, not a speed target: beside the other checks of .ci/run, at a lower
        # priority, the server can take a minute or more to start
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            try:
                urllib.request.urlopen(f"{base}/api/status?token={TOKEN}", timeout=2)
                break
            except OSError:
                if server.poll() is not None:
                    break
                if time.monotonic() > deadline:
                    pytest.fail(f"JupyterLab did not start in {START_TIMEOUT_S} s")
                time.sleep(0.5)
        if server.poll() is not None:
            pytest.fail("JupyterLab exited: " + (home / "server.log").read_text()[-2000:])
        yield base
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
        shutil.rmtree(home, ignore_errors=True)


# --- What runs in the page -------------------------------------------------------------
NOTEBOOK_JS = "window.jupyterapp.shell.currentWidget"

READY_JS = f"""() => {{
  const w = {NOTEBOOK_JS};
  const kernel = w && w.sessionContext && w.sessionContext.session &&
                 w.sessionContext.session.kernel;
  return !!(w && w.context.isReady && kernel && kernel.status === 'idle');
}}"""

# Walks every cell (the notebook renders a Markdown cell only when it comes into view),
# and returns what a reader would see wrong before running anything.
BEFORE_RUN_JS = """async ({rawPattern, student}) => {
  const panel = window.jupyterapp.shell.currentWidget;
  const nb = panel.content;
  const raw = new RegExp(rawPattern);
  const problems = [];
  const sleep = ms => new Promise(r => setTimeout(r, ms));
  let firstMarkdown = null, solutions = 0, folded = 0, frames = 0;
  const rendered = cell => {
    const out = cell.node.querySelector('.jp-InputArea .myst, .jp-MarkdownOutput');
    return cell.rendered && out && out.textContent.trim() ? out : null;
  };
  for (let i = 0; i < nb.widgets.length; i++) {
    const cell = nb.widgets[i];
    if (cell.model.type === 'markdown') {
      // scrolled to only if not rendered yet: each scroll repaints the page
      let out = rendered(cell);
      if (!out) {
        await nb.scrollToItem(i, 'center');
        for (let t = 0; t < 100 && !(out = rendered(cell)); t++) {  // up to 10 s
          await sleep(100);
        }
      }
      if (!out) {
        problems.push(`cell ${i}: Markdown not rendered`);
        continue;
      }
      const clone = out.cloneNode(true);
      // the TeX source kept beside KaTeX's output, and code, may hold anything
      clone.querySelectorAll('annotation, code, pre').forEach(e => e.remove());
      const m = clone.textContent.match(raw);
      if (m) problems.push(`cell ${i}: raw MyST «${m[0]}» in «${clone.textContent.slice(0, 60)}»`);
      if (firstMarkdown === null) firstMarkdown = out.textContent.trim();
      for (const d of out.querySelectorAll('details')) {
        const title = (d.querySelector('summary') || d).textContent;
        if (/^\\s*(Solution|Solución)/.test(title)) {
          solutions++;
          if (d.open) problems.push(`cell ${i}: solution open before it is clicked`);
        }
      }
    } else {
      const tags = cell.model.getMetadata('tags') || [];
      const nbgrader = cell.model.getMetadata('nbgrader') || {};
      if (tags.includes('hide-cell')) {  // the code of a solution: folded, output too
        folded++;
        if (!cell.inputHidden || !cell.outputHidden) {
          problems.push(`cell ${i}: a solution's code is visible before it is opened`);
        }
      } else if (nbgrader.solution && student) {  // a coding exercise's skeleton, in view
        if (cell.inputHidden) problems.push(`cell ${i}: an exercise's skeleton is folded`);
      } else if (nbgrader.solution) {  // a coding exercise, solved: its code folded
        folded++;
        if (!cell.inputHidden) {
          problems.push(`cell ${i}: an exercise's solution is visible before it is opened`);
        }
      }
      for (const img of cell.node.querySelectorAll('.animation img')) {
        await nb.scrollToItem(i, 'center');
        await sleep(300);
        const r = img.getBoundingClientRect();
        frames++;
        if (!(r.width > 0 && r.height > 0)) {
          problems.push(`cell ${i}: animation with no picture before the run`);
        }
      }
    }
  }
  if (!firstMarkdown || !firstMarkdown.startsWith('Para usar este cuaderno')) {
    const first = (firstMarkdown || '').slice(0, 60);
    problems.push(`the first Markdown cell does not say to run all cells: «${first}»`);
  }
  return {problems, solutions, folded, frames, dirty: panel.context.model.dirty,
          cells: nb.widgets.length};
}"""

RUN_STATE_JS = f"""() => {{
  const w = {NOTEBOOK_JS};
  const cells = w.content.widgets.filter(c => c.model.type === 'code');
  const pending = cells.filter(c => c.model.executionCount === null ||
                                    c.promptNode.textContent.includes('*')).length;
  return {{pending, status: w.sessionContext.session.kernel.status}};
}}"""

ERRORS_JS = f"""() => {{
  const problems = [];
  {NOTEBOOK_JS}.content.widgets.forEach((c, i) => {{
    if (c.model.type !== 'code') return;
    for (const out of c.model.toJSON().outputs) {{
      if (out.output_type === 'error') {{
        problems.push(`cell ${{i}}: ${{out.ename}}: ${{out.evalue}}`);
      }}
      const text = [].concat(out.text || []).join('');
      if (out.name === 'stderr' && /Error|Warning|Traceback/.test(text)) {{
        problems.push(`cell ${{i}}: stderr: ${{text.slice(0, 200)}}`);
      }}
    }}
  }});
  return problems;
}}"""

EXERCISES_JS = f"""() => {NOTEBOOK_JS}.content.widgets
  .map((c, i) => [i, c])
  .filter(([i, c]) => c.model.type === 'code' && (c.model.getMetadata('nbgrader') || {{}}).solution)
  .map(([i, c]) => [i, c.model.toJSON().outputs
                           .map(o => [].concat(o.text || []).join('')).join('')])
"""

# Steps and plays every animation: its picture must change.
ANIMATIONS_JS = """async () => {
  const nb = window.jupyterapp.shell.currentWidget.content;
  const sleep = ms => new Promise(r => setTimeout(r, ms));
  const problems = [];
  let n = 0;
  for (let i = 0; i < nb.widgets.length; i++) {
    const box = nb.widgets[i].node.querySelector('.animation');
    if (!box) continue;
    await nb.scrollToItem(i, 'center'); await sleep(500);
    n++;
    const img = box.querySelector('img');
    const r = img.getBoundingClientRect();
    if (!(r.width > 0 && r.height > 0)) {
      problems.push(`cell ${i}: animation image of zero size`);
      continue;
    }
    const button = title => box.querySelector(`button[title="${title}"]`);
    const first = img.src;
    button('Cuadro siguiente').click(); await sleep(300);
    if (img.src === first) {
      problems.push(`cell ${i}: «Cuadro siguiente» does not change the picture`);
    }
    button('Primer cuadro').click(); await sleep(300);
    button('Reproducir').click(); await sleep(2000);
    if (img.src === first) problems.push(`cell ${i}: the animation does not advance when played`);
    button('Pausa').click();
  }
  return {problems, n};
}"""

# The widget panels: live controls, not the text of a dead model.
PANELS_JS = """async () => {
  const nb = window.jupyterapp.shell.currentWidget.content;
  const found = [];
  for (let i = 0; i < nb.widgets.length; i++) {
    const c = nb.widgets[i];
    if (c.model.type !== 'code') continue;
    const views = c.model.toJSON().outputs.filter(
      o => o.data && o.data['application/vnd.jupyter.widget-view+json']);
    if (views.length) found.push([i, views.length]);
  }
  return found;
}"""

PANEL_CONTROLS_JS = """async (i) => {
  const nb = window.jupyterapp.shell.currentWidget.content;
  await nb.scrollToItem(i, 'start');
  await new Promise(r => setTimeout(r, 800));
  const node = nb.widgets[i].node;
  const live = node.querySelectorAll('.jupyter-widgets').length;
  const outputs = [...node.querySelectorAll('.jp-OutputArea-output')];
  const text = outputs.map(e => e.textContent).join(' ');
  const sliders = node.querySelectorAll('.widget-slider .noUi-handle').length;
  const dropdowns = node.querySelectorAll('.widget-dropdown select').length;
  return {live, dead: /Panel\\(children=|HBox\\(children=|VBox\\(children=/.test(text),
          sliders, dropdowns};
}"""

PANEL_VIEW_JS = """(i) => {
  const node = window.jupyterapp.shell.currentWidget.content.widgets[i].node;
  return [...node.querySelectorAll('.widget-output')].map(o => o.innerHTML).join('|');
}"""


# The outputs of every cell after Run All, in the notebook's order (None for Markdown).
OUTPUTS_JS = f"""() => {NOTEBOOK_JS}.content.widgets.map(
  c => c.model.type === 'code' ? c.model.toJSON().outputs : null)"""


# --- Stored outputs, compared as nbval compares them ------------------------------------
NOT_COMPARED = {"image/png", "image/jpeg", "application/vnd.jupyter.widget-view+json"}


def _sanitizers() -> list[tuple[re.Pattern, str]]:
    """The regular expressions of ``tests/nbval_sanitize.cfg``, with their replacements."""
    config = configparser.ConfigParser()
    config.read(ROOT / "tests" / "nbval_sanitize.cfg", encoding="utf-8")
    return [(re.compile(section["regex"]), section["replace"])
            for section in config.values() if "regex" in section]


def _comparable(outputs: list[dict], sanitizers) -> list[str]:
    """What nbval compares of a cell's outputs: each stream as one text, then each result
    and display by MIME type (images and widget ids left out), sanitised."""

    def text(value) -> str:
        if isinstance(value, list):
            value = "".join(value)
        if not isinstance(value, str):
            value = json.dumps(value, sort_keys=True)
        for pattern, replacement in sanitizers:
            value = pattern.sub(replacement, value)
        return value.rstrip()

    streams: dict[str, str] = {}
    items = []
    for out in outputs:
        kind = out["output_type"]
        if kind == "stream":
            streams[out["name"]] = streams.get(out["name"], "") + "".join(out["text"])
        elif kind == "error":
            items.append(f"error: {out['ename']}: {out['evalue']}")
        else:
            items += [f"{mime}: {text(value)}" for mime, value in sorted(out["data"].items())
                      if mime not in NOT_COMPARED]
    return [f"{name}: {text(value)}" for name, value in sorted(streams.items())] + items


def _changed_outputs(path: Path, live: list) -> list[str]:
    """Cells whose outputs after Run All differ from the stored ones (first line that
    differs)."""
    import nbformat

    stored = nbformat.read(path, as_version=4).cells
    if len(stored) != len(live):
        return [f"the notebook has {len(live)} cells in JupyterLab, {len(stored)} stored"]
    sanitizers, problems = _sanitizers(), []
    for i, (cell, outputs) in enumerate(zip(stored, live, strict=True)):
        tags = cell.get("metadata", {}).get("tags", [])
        if cell.cell_type != "code" or "nbval-ignore-output" in tags or "nbval-skip" in tags:
            continue
        want = _comparable(cell.outputs, sanitizers)
        got = _comparable(outputs or [], sanitizers)
        if want != got:
            diff = [line for line in difflib.unified_diff(
                "\n".join(want).splitlines(), "\n".join(got).splitlines(), lineterm="", n=0)
                if line[:1] in "+-" and line[:3] not in ("---", "+++")]
            problems.append(f"cell {i}: the output differs from the stored one: "
                            + " | ".join(d[:100] for d in diff[:4]))
    return problems


# --- Driving one chapter ---------------------------------------------------------------
def _wait(page, js, what: str, timeout_s: float, arg=None):
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if page.evaluate(js, arg):
            return
        time.sleep(0.25)
    raise AssertionError(f"{what} (waited {timeout_s:.0f} s)")


def _idle(page) -> bool:
    return page.evaluate(f"{NOTEBOOK_JS}.sessionContext.session.kernel.status === 'idle'")


def _settled_view(page, cell: int) -> str:
    """What the panel shows once its update is over (kernel idle, view unchanged 0.5 s)."""
    view, since = page.evaluate(PANEL_VIEW_JS, cell), time.monotonic()
    deadline = since + UPDATE_TIMEOUT_S
    while time.monotonic() < deadline:
        time.sleep(0.1)
        now = page.evaluate(PANEL_VIEW_JS, cell)
        if now != view:
            view, since = now, time.monotonic()
        elif time.monotonic() - since > 0.5 and _idle(page):
            return view
    raise AssertionError(f"cell {cell}: the panel keeps changing for {UPDATE_TIMEOUT_S} s")


def _move_controls(page, cell: int) -> tuple[int, list[str]]:
    """Move every control of the panel in ``cell``; each must change what the panel shows."""
    page.evaluate(f"i => {{ {NOTEBOOK_JS}.content.widgets[i].node.dataset.bookCell = i; }}",
                  cell)
    panel = page.locator(f'[data-book-cell="{cell}"]')
    handles = panel.locator(".widget-slider .noUi-handle")
    selects = panel.locator(".widget-dropdown select")
    controls = [("slider", handles.nth(k)) for k in range(handles.count())]
    controls += [("dropdown", selects.nth(k)) for k in range(selects.count())]
    problems, moved = [], 0
    for kind, control in controls:
        label = control.evaluate(
            "e => e.closest('.widget-inline-hbox').querySelector('.widget-label').textContent")
        before = _settled_view(page, cell)
        control.scroll_into_view_if_needed()
        if kind == "slider":  # by keyboard, one step
            at_max = control.get_attribute("aria-valuenow") == control.get_attribute(
                "aria-valuemax")
            moves = [lambda c=control, k="ArrowLeft" if at_max else "ArrowRight": (
                c.focus(), c.press(k))]
        else:  # by mouse, each other option until one changes the panel (two options
            # may give the same picture: "auto" initialisation is Xavier's for sigmoid)
            current = control.evaluate("e => e.value")
            options = control.evaluate("e => [...e.options].map(o => o.value)")
            moves = [lambda c=control, o=o: c.select_option(o)
                     for o in options if o != current]
        for move in moves:
            move()
            start = time.monotonic()  # wait for a change, or 2 s of an idle kernel
            while page.evaluate(PANEL_VIEW_JS, cell) in (before, ""):
                elapsed = time.monotonic() - start
                if elapsed > UPDATE_TIMEOUT_S or elapsed > 2 and _idle(page):
                    break
                time.sleep(0.1)
            if _settled_view(page, cell) != before:
                moved += 1
                break
        else:
            problems.append(f"cell {cell}: moving «{label}» ({kind}) changes nothing")
    return moved, problems


def _open_lab(browser, base: str, name: str):
    """A page with JupyterLab loaded (a workspace of its own), as a reader's browser tab."""
    page = browser.new_page(viewport={"width": 1300, "height": 1000})
    page.goto(f"{base}/lab/workspaces/{name}?reset&token={TOKEN}")
    page.wait_for_function("() => !!window.jupyterapp", timeout=60_000)
    page.evaluate("async () => { await window.jupyterapp.started; "
                  "await window.jupyterapp.restored; }")
    return page


def _drive(page, path: Path) -> dict:
    """Open one chapter from the file browser's command, check it, run it, close it."""
    seconds, clock = {}, time.monotonic()  # measured and reported, never a gate
    page.evaluate("async p => { await window.jupyterapp.commands.execute('docmanager:open', "
                  "{path: p, factory: 'Notebook'}); }", f"{EDITION}/{path.name}")

    def lap(phase: str) -> None:
        nonlocal clock
        seconds[phase] = round(time.monotonic() - clock, 1)
        clock = time.monotonic()

    try:
        _wait(page, f"() => {{ const w = {NOTEBOOK_JS}; "
                    f"return !!w && w.context.path === {json.dumps(EDITION + '/' + path.name)}; }}",
              "the notebook did not open", 60)
        _wait(page, READY_JS, "the notebook and its kernel are not ready", 120)
        lap("open")
        before = page.evaluate(BEFORE_RUN_JS, {"rawPattern": RAW_MYST,
                                               "student": EDITION == "estudiante"})
        lap("read")
        problems = list(before["problems"])
        if before["dirty"]:
            problems.append("the notebook is marked modified right after opening")

        page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")
        time.sleep(2)
        _wait(page, f"() => {{ const s = ({RUN_STATE_JS})(); "
                    "return s.pending === 0 && s.status === 'idle'; }",
              "Run All did not finish", RUN_TIMEOUT_S)
        lap("run")
        problems += page.evaluate(ERRORS_JS)
        if EDITION == "book":  # the student edition's exercises print other things
            problems += _changed_outputs(path, page.evaluate(OUTPUTS_JS))
        exercises = page.evaluate(EXERCISES_JS)
        problems += [f"cell {i}: the coding exercise prints «{text[:60]}», not "
                     f"«{EXERCISE_OUTPUT}…»" for i, text in exercises
                     if not text.startswith(EXERCISE_OUTPUT)]

        animations = page.evaluate(ANIMATIONS_JS)
        problems += animations["problems"]
        lap("animations")

        panels, moved = page.evaluate(PANELS_JS), 0
        for cell, _ in panels:
            state = page.evaluate(PANEL_CONTROLS_JS, cell)
            if state["dead"] or not state["live"]:
                problems.append(f"cell {cell}: the widget panel is text, not live controls")
                continue
            if not state["sliders"] + state["dropdowns"]:
                problems.append(f"cell {cell}: the widget panel has no control")
            n, more = _move_controls(page, cell)
            moved += n
            problems += more
        lap("panels")

        SHOTS.mkdir(parents=True, exist_ok=True)
        target = panels[0][0] if panels else 0
        page.evaluate(f"{NOTEBOOK_JS}.content.scrollToItem({target}, 'start')")
        time.sleep(1)
        page.screenshot(path=str(SHOTS / f"{path.stem}.png"))
        return {"problems": problems, "cells": before["cells"], "solutions": before["solutions"],
                "folded": before["folded"], "exercises": len(exercises),
                "animations": animations["n"],
                "panels": len(panels), "controls": moved, "seconds": seconds}
    finally:  # shut its kernel down (free the core) and close it, unsaved
        page.evaluate(f"""async () => {{
            const w = {NOTEBOOK_JS};
            if (!w || !w.sessionContext) return;
            await w.sessionContext.shutdown();
            w.context.model.dirty = false;
            w.dispose();
        }}""")


@pytest.fixture(scope="module")
def chapters(request, lab):
    """Drive every chapter, three at a time, each worker with its own browser."""
    from test_browser import CHROMIUM_ARGS, _chromium, _missing

    chromium = _chromium()
    if chromium is None:
        _missing("Chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    selected = [item.callspec.params["path"] for item in request.session.items
                if getattr(item, "originalname", "") == "test_chapter_runs_in_jupyterlab"]
    futures = {path.name: Future() for path in selected}
    todo: queue.SimpleQueue[Path] = queue.SimpleQueue()
    for path in selected:
        todo.put(path)
    shutil.rmtree(SHOTS, ignore_errors=True)
    SHOTS.mkdir(parents=True)

    def work(worker: int):
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
            page = None
            try:
                while True:
                    try:
                        path = todo.get_nowait()
                    except queue.Empty:
                        return
                    try:
                        if page is None:  # JupyterLab loads once per tab, as for a reader
                            page = _open_lab(browser, lab, f"worker-{worker}")
                        futures[path.name].set_result(_drive(page, path))
                    except Exception as exc:  # reported by the chapter's own test
                        futures[path.name].set_exception(exc)
                        if page is not None:
                            page.close()
                        page = None  # a fresh tab for the next chapter
            finally:
                browser.close()

    # A worker mostly waits for the browser and the kernel (a third of a core, measured on
    # two cores), so three of them fit beside the other heavier checks of .ci/run.
    n = int(os.environ.get("BOOK_LAB_WORKERS", 3))
    threads = [threading.Thread(target=work, args=(k,), daemon=True) for k in range(max(1, n))]
    for t in threads:
        t.start()
    yield futures
    for t in threads:
        t.join(timeout=60)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_chapter_runs_in_jupyterlab(chapters, path):
    result = chapters[path.name].result(timeout=RUN_TIMEOUT_S + 300)
    with open(SHOTS / "report.jsonl", "a", encoding="utf-8") as report:  # conftest prints it
        report.write(json.dumps({"chapter": path.stem, **result}) + "\n")
    assert not result["problems"], "\n".join(result["problems"])
