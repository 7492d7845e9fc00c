"""The two pagination styles of these APIs: PageNumber/PageSize and NextToken/MaxResult(s)."""

import base64
import binascii

from eds_emulator.errors import ApiError


def page(items, p, default_size=10, max_size=50):
    """PageNumber/PageSize paging -> (page_items, page_number, page_size, total_count).

    PageSize above max_size is capped (the documented maximum), below 1 rejected; PageNumber < 1 rejected.
    """
    number = p.get("PageNumber", 1)
    size = p.get("PageSize", default_size)
    if number < 1:
        raise ApiError.invalid("PageNumber", "The specified PageNumber must be 1 or greater.")
    if size < 1:
        raise ApiError.invalid("PageSize", f"The specified PageSize must be between 1 and {max_size}.")
    size = min(size, max_size)
    items = list(items)
    start = (number - 1) * size
    return items[start:start + size], number, size, len(items)


def page_body(items, p, list_key, item_key):
    """The usual body of a paged Describe*: TotalCount, PageNumber, PageSize and {list_key: {item_key: page}}."""
    chunk, number, size, total = page(items, p)
    return {"TotalCount": total, "PageNumber": number, "PageSize": size, list_key: {item_key: chunk}}


def _encode_token(offset):
    return base64.urlsafe_b64encode(f"offset:{offset}".encode()).decode().rstrip("=")


def _decode_token(token):
    try:
        text = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
        kind, value = text.split(":", 1) if ":" in text else (text, "")
        if kind != "offset":
            raise ValueError(text)
        return int(value)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise ApiError.invalid("NextToken", "The specified NextToken is invalid.") from None


def token_page(items, p, size_param="MaxResults", default_size=10, max_size=50):
    """NextToken paging -> (page_items, next_token ('' on the last page), page_size, total_count).

    The size parameter is MaxResult (singular) on DescribeRouteEntryList, MaxResults elsewhere.
    Out-of-range sizes are rejected, as the docs give a closed range for them.
    """
    size = p.get(size_param, default_size)
    if not 1 <= size <= max_size:
        raise ApiError.invalid(size_param, f"The specified {size_param} must be between 1 and {max_size}.")
    start = _decode_token(p["NextToken"]) if p.get("NextToken") else 0
    items = list(items)
    chunk = items[start:start + size]
    nxt = _encode_token(start + size) if start + size < len(items) else ""
    return chunk, nxt, size, len(items)
