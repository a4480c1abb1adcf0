"""The code of the project passes ruff, with the rules of ``pyproject.toml``."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_ruff_finds_nothing_to_fix():
    """Library, tests, benchmarks, scripts and the notebooks' code cells."""
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache",
                             "--output-format", "concise", str(ROOT)],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


# --- One Spanish: Latin American, with no calques or colloquialisms ----------------------
# (pattern, what to write instead). Matched, case-insensitive and on whole words, in the
# Spanish that readers see: Markdown cells, code (strings, comments) and stored outputs of
# the chapters, the appendix pages, and the messages of mlp_lib (e.g. the exercise checks).
BANNED_SPANISH = {
    r"costes?": "«costo» (Latin American Spanish)",
    r"computador|computadores|ordenador(es)?": "«computadora»",
    r"report(ar|a|an|ó|ado|ada|ados|adas|e|es|amos)": "«informar», «presentar», «mostrar»",
    r"en el sitio": "«en el mismo lugar», «sobre el mismo arreglo» (in place)",
    r"de un tirón": "«de una vez»",
    r"se le pega": "«se le agrega»",
    r"en voz alta": "«explícitamente»",
    r"lengua naranja": "«franja», «región»",
    r"paciencias": "rephrase",
    r"cálculo \*forward\*": "«la propagación hacia adelante»",
    # the book's word for 𝓛 is «costo» (book/notacion.md); «pérdida» only where defined
    r"pérdidas?": "«costo»",
}
# Where a banned word is the point: (file, text of the line that may hold it).
ALLOWED_SPANISH = {
    ("book/notacion.md", "pérdida"),
    ("book/08_costos.ipynb", "también se dice «función de pérdida»"),
    ("book/13_softmax.ipynb", "«función de pérdida softmax» de la UNCUYO"),  # its name
    ("book/glosario.md", "lo llaman *loss* (pérdida)"),
}


def _spanish_texts():
    """(file, line) pairs of the Spanish a reader sees."""
    import json

    for path in sorted((ROOT / "book").glob("*.ipynb")):
        nb = json.loads(path.read_text(encoding="utf-8"))
        for cell in nb["cells"]:
            texts = ["".join(cell["source"])]
            for out in cell.get("outputs", []):
                texts.append("".join(out.get("text", "")))
                for mime in ("text/plain", "text/markdown", "text/html"):
                    texts.append("".join(out.get("data", {}).get(mime, "")))
            for text in texts:
                for line in text.splitlines():
                    yield path, line
    for path in sorted((ROOT / "book").glob("*.md")) + sorted((ROOT / "mlp_lib").rglob("*.py")):
        for line in path.read_text(encoding="utf-8").splitlines():
            yield path, line


def test_prose_uses_one_spanish():
    import re

    banned = re.compile(r"\b(" + "|".join(f"(?:{p})" for p in BANNED_SPANISH) + r")\b",
                        re.IGNORECASE)
    found = []
    for path, line in _spanish_texts():
        rel = path.relative_to(ROOT).as_posix()
        for match in banned.finditer(line):
            if any(rel == f and allowed.lower() in line.lower()
                   for f, allowed in ALLOWED_SPANISH):
                continue
            advice = next(a for p, a in BANNED_SPANISH.items()
                          if re.fullmatch(p, match[0], re.IGNORECASE))
            found.append(f"{rel}: «{match[0]}» → {advice}: {line.strip()[:90]}")
    assert not found, f"{len(found)} words to change:\n" + "\n".join(found[:60])
