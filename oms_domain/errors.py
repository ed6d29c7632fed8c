class DomainError(ValueError):
    """Bad input to a domain function; its message is safe to show to a user."""
