"""The one family of expected failures. Each message is a full sentence a person can act on."""


class FeelwordsError(Exception):
    """An expected failure: bad content, a damaged store, a held lock. The CLI prints it and exits 1."""


class ContentError(FeelwordsError):
    """The wheel or prompt bank is missing, unparsable or inconsistent."""


class StoreError(FeelwordsError):
    """The history store is damaged, newer than this version, locked or not writable."""


class UsageError(FeelwordsError):
    """A request the command cannot honour (an empty query, a bad date). The CLI exits 2."""


class NotFoundError(FeelwordsError):
    """A word or item that is not in the content. The CLI exits 1 with suggestions."""

    def __init__(self, message: str, suggestions: list[str] | None = None) -> None:
        super().__init__(message)
        self.suggestions = suggestions or []
