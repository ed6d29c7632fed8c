class DomainError(ValueError):
    """Bad input to a domain function.

    :param code: what is wrong, as a stable code (``"share_percent_range"``)
    :param params: the values the problem refers to

    Each addon turns ``code`` and ``params`` into a translated message in one
    place; ``str(error)`` is for logs and tests only.
    """

    def __init__(self, code, **params):
        super().__init__(code)
        self.code = code
        self.params = params

    def __str__(self):
        text = str(self.args[0]) if self.args else str(self.code)
        if not self.params:
            return text
        values = ", ".join("%s=%r" % item for item in sorted(self.params.items()))
        return "%s (%s)" % (text, values)
