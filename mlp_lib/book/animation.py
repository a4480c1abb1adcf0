"""Animations as self-contained HTML: they play in the static book and in JupyterLab.

matplotlib's ``Animation.to_jshtml`` writes a JavaScript player; :func:`animation_html`
makes its output deterministic (so that re-executing a chapter changes nothing),
readable before any script runs (the first frame written in the ``<img>`` tag),
usable offline (no icon font from a CDN) and in Spanish.
"""

from __future__ import annotations

import base64
import hashlib
import re

import matplotlib.pyplot as plt
from IPython.display import HTML
from matplotlib.animation import Animation


def animation_html(anim: Animation, alt: str, *, fps: int | None = None):
    """The animation as self-contained JavaScript HTML (plays in the static book).

    Wraps matplotlib's ``Animation.to_jshtml``, replacing its random
    element id with one derived from the frames, so that re-executing a notebook
    gives the same HTML, and giving the frame image the text ``alt`` for
    screen readers. Closes the figure so it is not shown twice.
    """
    html = anim.to_jshtml(fps=fps)
    plt.close(anim._fig)
    ids = set(re.findall(r"_anim_img([0-9a-f]{32})", html))
    for old in ids:
        new = hashlib.sha256(html.replace(old, "").encode()).hexdigest()[:32]
        html = html.replace(old, new)
    alt = alt.replace('"', "&quot;")
    first = _first_frame(html)
    html = html.replace('<img id="_anim_img', f'<img {first} alt="{alt}" id="_anim_img')
    return HTML(_offline_controls(html))


def _first_frame(html: str) -> str:
    """``src``, ``width`` and ``height`` attributes that show the first frame.

    The player sets the image from JavaScript, which does not run in a notebook
    that is not trusted yet, and JupyterLab does not lay out an image that loads
    while its cell is scrolled out of view: with the first frame and its size
    written in the tag, the picture is there before any script runs.
    """
    match = re.search(r'frames\[0\] = "(data:image/png;base64,[^"]*)"', html)
    if match is None:
        raise ValueError("the animation HTML has no PNG frames (matplotlib's "
                         "'animation.frame_format' must be 'png')")
    src = match.group(1).replace("\\\n", "")
    png = base64.b64decode(src.split(",", 1)[1][:32])  # the IHDR chunk holds the size
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    return f'src="{src}" width="{width}" height="{height}"'


# matplotlib draws its player buttons with Font Awesome icons fetched from a CDN
# (blank buttons offline) and labels them in English; the book uses text glyphs,
# which need no font download, and Spanish labels.
_ICONS = {
    "fa-minus": "\u2212", "fa-fast-backward": "\u21e4", "fa-step-backward": "\u25c2",
    "fa-play fa-flip-horizontal": "\u25c0\ufe0e", "fa-pause": "\u275a\u275a",
    "fa-play": "\u25b6\ufe0e", "fa-step-forward": "\u25b8", "fa-fast-forward": "\u21e5",
    "fa-plus": "+",
}
_LABELS = {
    "Decrease speed": "Más lento", "First frame": "Primer cuadro",
    "Previous frame": "Cuadro anterior", "Play backwards": "Reproducir hacia atrás",
    "Pause": "Pausa", "Play": "Reproducir", "Next frame": "Cuadro siguiente",
    "Last frame": "Último cuadro", "Increase speed": "Más rápido",
    "Repetition mode": "Modo de repetición",
}
_STATES = {">Once<": ">Una vez<", ">Loop<": ">En bucle<", ">Reflect<": ">Ida y vuelta<"}


def _offline_controls(html: str) -> str:
    html = re.sub(r'<link rel="stylesheet"\s+href="[^"]*font-awesome[^"]*">\s*', "", html)
    html = re.sub(r'<i class="fa (fa-[a-z-]+(?: fa-flip-horizontal)?)"></i>',
                  lambda m: f'<span aria-hidden="true">{_ICONS[m.group(1)]}</span>', html)
    for en, es in _LABELS.items():
        html = html.replace(f'title="{en}" aria-label="{en}"',
                            f'title="{es}" aria-label="{es}"')
    for en, es in _STATES.items():
        html = html.replace(en, es)
    return html
