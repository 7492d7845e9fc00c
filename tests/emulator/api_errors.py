"""The error an SDK call raises, for the tests that assert the emulator refuses a request."""

import pytest
from alibabacloud_tea_openapi.exceptions import ClientException


def error_of(func, *args, **kwargs):
    """The ClientException of func(*args, **kwargs); the test fails when the call succeeds."""
    with pytest.raises(ClientException) as err:
        func(*args, **kwargs)
    return err.value
