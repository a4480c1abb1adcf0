"""Test configuration: offline data, one BLAS thread, a non-interactive matplotlib backend.

Kept at the root of the repository so that it applies to every test, including a single
notebook run with ``python -m pytest book/NN_name.ipynb``.
"""

import os
from pathlib import Path

# The banknote data is read from the folder beside the project (../shared/data) when
# MLP_LIB_DATA is not set, so that the tests and the notebooks run offline.
_SHARED_DATA = Path(__file__).resolve().parent.parent / "shared" / "data"
if "MLP_LIB_DATA" not in os.environ and _SHARED_DATA.is_dir():
    os.environ["MLP_LIB_DATA"] = str(_SHARED_DATA)

# The book's matrices are small: one BLAS thread is faster, and it gives the same last
# digits on any number of cores. The notebook kernels inherit these variables.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import matplotlib  # noqa: E402

matplotlib.use("Agg")

from threadpoolctl import threadpool_limits  # noqa: E402

threadpool_limits(1)
