"""Shopify global ids (``gid://shopify/Order/123``) and their numeric ids."""

GID_PREFIX = "gid://shopify/"


def gid(kind, value):
    """Global id of a numeric id (a global id is returned as it is)."""
    text = str(value or "").strip()
    if not text or text.startswith(GID_PREFIX):
        return text
    return "%s%s/%s" % (GID_PREFIX, kind, text)


def legacy_id(value):
    """Numeric id (as a string) of a global id or a number; '' for nothing."""
    if value is None or value == "":
        return ""
    text = str(value).strip()
    if text.startswith(GID_PREFIX):
        text = text.rsplit("/", 1)[-1].split("?", 1)[0]
    return text
