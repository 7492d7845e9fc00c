"""API errors: raised by handlers, rendered by the server as Alibaba-style JSON error bodies."""

import re

_SIMPLE_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9]*$")


class ApiError(Exception):
    """An error the emulated API returns: code, message, HTTP status and optional extra headers."""

    def __init__(self, code, message, status=None, headers=None):
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        # *.NotFound instance ids are 404 on the real service (the API docs' error tables; the Terraform provider
        # treats 404 or a code ending in .NotFound as absent); everything else a handler
        # raises without a status is a validation or state error: 400.
        self.status = status if status is not None else (404 if code.endswith(".NotFound") else 400)
        self.headers = dict(headers or {})

    @classmethod
    def missing(cls, name):
        """A required parameter is absent (code choice documented in docs/emulator.md)."""
        return cls("MissingParameter",
                   f'The input parameter "{name}" that is mandatory for processing this request is not supplied.')

    @classmethod
    def invalid(cls, name, message=None, code=None):
        """A parameter value is malformed or out of range: code Invalid<Name> (InvalidName, InvalidPageSize...)."""
        if code is None:
            code = f"Invalid{name}" if _SIMPLE_NAME.match(name) else "InvalidParameter"
        return cls(code, message or f'The specified parameter "{name}" is not valid.')

    @classmethod
    def not_found(cls, code, what):
        return cls(code, f"The specified {what} does not exist.", status=404)
