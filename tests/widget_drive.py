"""Drive every widget panel of a chapter, in the chapter's own kernel.

``conftest.py`` appends this file's code as one more cell to each chapter that
nbval executes, so it runs in the live kernel after the chapter's last cell,
with every panel the chapter displayed still alive. For each control of each
panel it sets a second value, then the first again, captures what the
chapter's callback draws and prints each time (text and PNG bytes), and
checks that

* the two outputs differ (the knob really changes what the reader sees), and
* no update hangs: each ends within ``HANG_GUARD_S`` seconds.

Speed is measured, not judged: the book's target per update is
``WIDGET_TARGET_S`` of ``scripts/project.py``, and the test report lists, per
chapter, the median and the slowest update and how many passed the target. A
busy machine is not a bug, so only the hang guard, many times the target, can
fail the test.

The measured times are appended, as JSON lines, to the file named by
``TIMINGS_PATH`` (set by ``conftest.py``) for the report of the test run.
"""

import contextlib
import io
import json
import time

import ipywidgets as W
from IPython import get_ipython
from ipywidgets.widgets.widget import _instances

from mlp_lib.book.widgets import Panel

HANG_GUARD_S = 10.0


def other_values(control):
    """Other legal values of ``control`` to try, in order (the first usually suffices)."""
    if hasattr(control, "_options_values"):  # Dropdown, RadioButtons, ...
        values = list(control._options_values)
        start = values.index(control.value)
        return values[start + 1:] + values[:start]
    return [other_value(control)]


def other_value(control):
    """A second legal value of a slider or check box, different from its current one."""
    if isinstance(control, W.Checkbox | W.ToggleButton):
        return not control.value
    if isinstance(control, W.FloatLogSlider):
        lo, hi = control.base ** control.min, control.base ** control.max
        up = control.value * control.base ** 0.5
        return up if up <= hi else max(control.value / control.base ** 0.5, lo)
    if isinstance(control, W.IntSlider | W.FloatSlider):
        # a quarter of the range, in whole steps of the slider: a value a reader can pick
        step = control.step * max(1, round((control.max - control.min) / 4 / control.step))
        up = control.value + step
        return up if up <= control.max else control.value - step
    raise TypeError(f"no second value for a {type(control).__name__}")


@contextlib.contextmanager
def captured_output():
    """Collect what the kernel would send to the page: prints and displays.

    The Output widget of a panel routes its messages through the kernel's
    display publisher, so a hook there sees every figure and table; prints
    go to ``sys.stdout``. Nothing captured reaches the notebook.
    """
    items = []
    text = io.StringIO()

    def hook(msg):
        if msg["msg_type"] == "display_data":
            items.extend(f"{k}={v}" for k, v in sorted(msg["content"]["data"].items()))
        return None  # keep it out of the cell

    publisher = get_ipython().display_pub
    publisher.register_hook(hook)
    try:
        with contextlib.redirect_stdout(text), contextlib.redirect_stderr(text):
            yield items
    finally:
        publisher.unregister_hook(hook)
        items.append(text.getvalue())


def update(control, value):
    """Set ``control`` to ``value``; return (seconds, what the redraw showed)."""
    with captured_output() as items:
        start = time.perf_counter()
        control.value = value
        elapsed = time.perf_counter() - start
    return elapsed, "\n".join(items)


def drive(panel):
    """Exercise each control of ``panel``; return a list of timing records.

    A choice may coincide with the current one for the current settings (an
    initialisation named "auto" that picks the same scheme, say); the next
    choices are then tried, and at least one must change the output.
    """
    records = []
    for name, control in panel.controls.items():
        first = control.value
        for second in other_values(control):
            t_second, out_second = update(control, second)
            t_first, out_first = update(control, first)
            records += [{"control": name, "value": repr(second), "seconds": t_second},
                        {"control": name, "value": repr(first), "seconds": t_first}]
            if out_second != out_first:
                break
        else:
            raise AssertionError(f"control {name!r}: every value draws the same output")
        assert len(out_first) > 10, f"control {name!r}: the panel draws nothing"
    for record in records:
        assert record["seconds"] < HANG_GUARD_S, (
            f"control {record['control']!r} = {record['value']}: the update hung for "
            f"{record['seconds']:.0f} s (guard {HANG_GUARD_S:.0f} s)")
    return records


def drive_all(chapter, timings_path):
    """Drive every live panel; print a deterministic summary, log the times."""
    panels = [w for w in list(_instances.values()) if isinstance(w, Panel)]
    assert panels, "the chapter shows no widget panel"
    with open(timings_path, "a", encoding="utf-8") as log:
        for i, panel in enumerate(panels, start=1):
            for record in drive(panel):
                log.write(json.dumps({"chapter": chapter, "panel": i, **record}) + "\n")
            names = ", ".join(panel.controls)
            print(f"panel {i} ({names}): every control changes the output")
