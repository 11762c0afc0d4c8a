"""The command line: parse, call the core, hand the result to ui. Nothing here decides anything."""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from . import __version__
from .errors import FeelwordsError, NotFoundError, UsageError

if TYPE_CHECKING:
    from .content import Content

app = typer.Typer(
    name="feelwords",
    help="Find the precise word for what you feel, and practise saying it.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
    rich_markup_mode=None,
)


def command(*args: Any, **kwargs: Any) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """app.command, with expected failures turned into one clear line and exit code 1 (2 for usage)."""

    def decorate(fn: Callable[..., None]) -> Callable[..., None]:
        @functools.wraps(fn)
        def wrapper(*a: Any, **k: Any) -> None:
            try:
                fn(*a, **k)
            except UsageError as exc:
                fail(str(exc), 2)
            except NotFoundError as exc:
                from . import ui

                message = str(exc)
                if exc.suggestions and "Did you mean" not in message:
                    message = f"{message} {ui.suggestions(exc.suggestions)}"
                fail(message)
            except FeelwordsError as exc:
                fail(str(exc))

        app.command(*args, **kwargs)(wrapper)
        return wrapper

    return decorate


@dataclass
class Settings:
    data_dir: Path | None = None
    home: Path | None = None
    _content: Content | None = None

    def content(self) -> Content:
        if self._content is None:
            from .content import load_content

            self._content = load_content(self.data_dir)
        return self._content


SETTINGS = Settings()


def _version(value: bool) -> None:
    if value:
        typer.echo(f"feelwords {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit."),
    ] = False,
    data_dir: Annotated[
        Path | None,
        typer.Option(
            "--data-dir",
            envvar="FEELWORDS_DATA_DIR",
            help="Use your own emotion_wheel.yaml (and prompts.yaml) from this folder.",
            file_okay=False,
        ),
    ] = None,
    home: Annotated[
        Path | None,
        typer.Option(
            "--home",
            envvar="FEELWORDS_HOME",
            help="Keep your history in this folder instead of the user data folder.",
            file_okay=False,
        ),
    ] = None,
) -> None:
    """Find the precise word for what you feel, and practise saying it."""
    SETTINGS.data_dir = data_dir
    SETTINGS.home = home
    SETTINGS._content = None


def emit_json(payload: Any) -> None:
    sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")


def fail(message: str, code: int = 1) -> NoReturn:
    from . import ui

    ui.error(message)
    raise typer.Exit(code)


# --- lookup ----------------------------------------------------------------------------------------


@command()
def lookup(
    query: Annotated[
        list[str] | None,
        typer.Argument(help="A feeling word (typos and slang welcome) or a description of the moment."),
    ] = None,
    limit: Annotated[
        int, typer.Option("--limit", "-n", min=1, help="How many words to return for a description.")
    ] = 5,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a card.")] = False,
    batch: Annotated[
        str | None,
        typer.Option("--batch", help="Read one query a line from FILE (or - for stdin); print JSON Lines."),
    ] = None,
) -> None:
    """Look up a feeling word, or describe a moment and get the words that fit.

    Examples: feelwords lookup resentful | feelwords lookup "tight chest before talking to my boss"
    """
    from .lookup import lookup as run_lookup
    from .search import Index

    wheel = SETTINGS.content().wheel
    if batch is not None:
        if query:
            raise UsageError("Give either a query or --batch, not both.")
        index = Index(wheel)
        for line in _read_lines(batch):
            if not line.strip():
                continue
            try:
                result = run_lookup(wheel, line, limit=limit, index=index).model_dump(mode="json")
            except FeelwordsError as exc:
                result = {"query": line, "kind": None, "matches": [], "error": str(exc)}
            sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
        return
    if not query:
        raise UsageError("Give a word or a description to look up, or --batch FILE.")
    text = " ".join(query)
    try:
        result = run_lookup(wheel, text, limit=limit)
    except NotFoundError as exc:
        from . import ui

        if as_json:
            emit_json({"query": text, "kind": None, "matches": [], "error": str(exc),
                       "suggestions": exc.suggestions})
            raise typer.Exit(1) from None
        hint = ui.suggestions(exc.suggestions)
        fail(f"{exc} {hint}".strip())
    if as_json:
        emit_json(result.model_dump(mode="json"))
        return
    from . import ui

    ui.out().print(ui.lookup_result(result))


def _read_lines(source: str) -> list[str]:
    try:
        if source == "-":
            data = sys.stdin.buffer.read()
        else:
            data = Path(source).read_bytes()
    except OSError as exc:
        raise UsageError(f"Cannot read {source}: {exc.strerror or exc}.") from None
    try:
        return data.decode("utf-8").splitlines()
    except UnicodeDecodeError:
        raise UsageError(f"{'stdin' if source == '-' else source} is not UTF-8 text.") from None


# --- wheel and validate --------------------------------------------------------------------------


@command()
def wheel(
    word: Annotated[str | None, typer.Argument(help="Show only this word's branch.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a tree.")] = False,
) -> None:
    """Show the emotion wheel as a tree, or one branch of it.

    Example: feelwords wheel angry
    """
    the_wheel = SETTINGS.content().wheel
    root = None
    if word is not None:
        resolution = the_wheel.resolve(word)
        if resolution is None:
            from . import ui

            raise NotFoundError(
                f"'{word}' is not on the wheel. {ui.suggestions(the_wheel.suggest(word))}".strip()
            )
        root = resolution.word
    if as_json:
        emit_json(_wheel_json(the_wheel, root))
        return
    from . import ui

    ui.out().print(ui.wheel_tree(the_wheel, root))


def _wheel_json(the_wheel: Any, root: str | None) -> dict[str, Any]:
    def node(word: str) -> dict[str, Any]:
        entry = the_wheel.entries[word]
        return {
            "word": word,
            "ring": the_wheel.ring(word),
            "intensity": entry.intensity,
            "definition": entry.definition,
            "children": [node(c) for c in the_wheel.children.get(word, [])],
        }

    roots = [root] if root else the_wheel.cores
    return {"name": the_wheel.data.name, "words": len(the_wheel.entries), "wheel": [node(r) for r in roots]}


@command()
def validate(
    paths: Annotated[
        list[Path] | None, typer.Argument(help="Wheel or prompt files to check; default: the active content.")
    ] = None,
) -> None:
    """Check a wheel or prompt file for mistakes, with the file, line and field of each.

    Example: feelwords validate my-wheel/emotion_wheel.yaml
    """
    from . import ui
    from .content import load_content, validate_path

    if not paths:
        content = load_content(SETTINGS.data_dir, use_cache=False)
        ui.info(
            f"{content.data_dir}: {len(content.wheel_file.words)} words and "
            f"{len(content.prompts.items)} prompts, all valid."
        )
        return
    base = None
    for path in paths:
        ui.info(validate_path(path, base or _active_wheel_or_none()))


def _active_wheel_or_none() -> Any:
    try:
        return SETTINGS.content().wheel_file
    except FeelwordsError:
        return None


# --- entry point -----------------------------------------------------------------------------------


def run(argv: list[str] | None = None) -> None:
    app(args=argv, prog_name="feelwords")
