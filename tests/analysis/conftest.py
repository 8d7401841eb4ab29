"""The analysis package is pure (texts in, dataclasses out): its tests need no database.

This overrides the suite-wide autouse ``db_session`` fixture (tests/conftest.py), so these
tests neither build the app nor migrate a test database.
"""

import pytest


@pytest.fixture(autouse=True)
def db_session():
    yield None


@pytest.fixture(scope="package", autouse=True)
def single_blas_thread():
    """One BLAS thread while these tests run.

    On a busy 2-core machine OpenBLAS's two spinning threads make the small SVD in the
    lexical vectors ~20x slower (1.3 s instead of 0.07 s for 48 texts); the results are the same.
    """
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1, user_api="blas"):
        yield
