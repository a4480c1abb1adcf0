"""The quick start of the README: one command opens the chapters, one runs the tests.

    nox -s lab      # the chapters in JupyterLab
    nox -s tests    # the README's test command (arguments after -- go to pytest)

Each session makes its own virtual environment under ``.nox/`` the first time and reuses
it afterwards. Both install from the repository's own files, with pip, exactly as the
manual steps of the README, Binder (``requirements.txt``) and CI (``.ci/run``) do.
"""

import nox

nox.options.reuse_venv = "yes"
nox.options.sessions = ["tests"]


@nox.session
def lab(session: nox.Session) -> None:
    """Open the chapters in JupyterLab, with what a reader installs."""
    session.install("-r", "requirements.txt")
    session.run("jupyter", "lab", "book/", *session.posargs)


@nox.session
def tests(session: nox.Session) -> None:
    """Run the test command in an environment with the tools of the `dev` extra."""
    session.install("-r", "requirements.txt")
    session.install("-e", ".[dev]")
    session.run("python", "-m", "pytest", *session.posargs)
