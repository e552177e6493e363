"""Headers every message sent to a list of subscribers carries (RFC 2369, RFC 8058).

A subscriber's mail client offers "Unsubscribe" beside the message from `List-Unsubscribe`, and
with `List-Unsubscribe-Post: List-Unsubscribe=One-Click` it unsubscribes by a single POST to the
https link, with no page to visit and no cookie (so that view must not ask for a CSRF token, and
must not change anything on GET, which link scanners follow). The `mailto:` form is not offered:
nobody reads a mailbox for it.
"""


def list_unsubscribe_headers(url: str) -> dict[str, str]:
    """The headers of a message whose recipient may stop the list with one POST to `url`
    (absolute, https in production, unique to the recipient)."""
    return {
        "List-Unsubscribe": f"<{url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
