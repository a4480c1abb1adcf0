"""Test configuration: offline data and a non-interactive matplotlib backend."""

import os
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

# The banknote data is read from the folder beside the project (../shared/data)
# when MLP_LIB_DATA is not set, so that the tests and the notebooks run offline.
_SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
if "MLP_LIB_DATA" not in os.environ and _SHARED_DATA.is_dir():
    os.environ["MLP_LIB_DATA"] = str(_SHARED_DATA)
