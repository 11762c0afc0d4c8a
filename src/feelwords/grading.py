"""Grade answers like a good coach: exact, kind about typos, partial credit by distance on the wheel,
and always the sharper word and why."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .records import Faux
from .store import Grade
from .wheel import Resolution, Wheel

_SPLIT = re.compile(r"\s*(?:,|/|&|;|\+|\band\b|\bor\b|\bplus\b|\balso\b)\s*")


@dataclass(frozen=True)
class Verdict:
    grade: Grade
    headline: str
    details: list[str] = field(default_factory=list)
    matched: str | None = None
    distance: int | None = None


def split_answer(text: str) -> list[str]:
    """'angry and hurt, mostly hurt' -> ['angry', 'hurt', 'mostly hurt']."""
    return [part for part in _SPLIT.split(text.strip().lower()) if part]


def grade_words(wheel: Wheel, answer: str, targets: list[str], alternates: list[str]) -> Verdict:
    """Grade a typed feeling against the item's targets; several feelings may be given at once."""
    main = targets[0]
    target_path = wheel.path_text(main)
    parts = split_answer(answer)[:8]  # a pasted paragraph is not eight feelings
    if not parts:
        return Verdict(
            "wrong",
            f"No answer. The word here: {main}.",
            [f"{main}: {wheel.entries[main].definition}", f"On the wheel: {target_path}"],
        )
    resolved: list[Resolution] = []
    unknown: list[str] = []
    specials: list[str] = []
    for part in parts:
        found = wheel.resolve(part)
        if found is not None:
            resolved.append(found)
        elif wheel.special(part) is not None:
            specials.append(part)
        else:
            unknown.append(part)
    accepted = set(targets) | set(alternates)
    for found in resolved:
        if found.word in accepted:
            return _correct(wheel, found, main, targets, target_path)
    best = _closest(wheel, resolved, targets)
    details: list[str] = []
    for part in specials:
        details.append(_special_note(wheel, part))
    for part in unknown:
        details.append(f"'{part}' is not a feeling word feelwords knows.")
    if best is None:
        details += [f"{main}: {wheel.entries[main].definition}", f"On the wheel: {target_path}"]
        return Verdict("wrong", f"Not quite. The word here: {main}.", details)
    found, target, distance = best
    word = found.word
    spelled = _spelling_note(found)
    if spelled:
        details.append(spelled)
    same_middle = wheel.middle_of(word) is not None and wheel.middle_of(word) == wheel.middle_of(target)
    related = target in wheel.path(word) or word in wheel.path(target)
    contrast = wheel.confusable(word, target)
    why = contrast.difference if contrast else wheel.entries[target].definition
    if same_middle or (related and wheel.core_of(word) == wheel.core_of(target) and distance <= 1):
        details += [f"{target}: {why}", f"On the wheel: {wheel.path_text(target)}"]
        return Verdict("close", f"Close: {word}. A sharper word is {target}.", details, word, distance)
    if wheel.core_of(word) == wheel.core_of(target):
        details += [f"{target}: {why}", f"On the wheel: {wheel.path_text(target)}"]
        return Verdict(
            "partial",
            f"Right family ({wheel.core_of(target)}), different branch: {word}. The word here is {target}.",
            details,
            word,
            distance,
        )
    details += [f"{target}: {why}", f"On the wheel: {wheel.path_text(target)}"]
    return Verdict(
        "wrong",
        f"Not quite: {word} is {wheel.core_of(word)}; this one is {target}.",
        details,
        word,
        distance,
    )


def _correct(wheel: Wheel, found: Resolution, main: str, targets: list[str], target_path: str) -> Verdict:
    details = []
    spelled = _spelling_note(found)
    if spelled:
        details.append(spelled)
    if found.word in targets:
        headline = f"Yes: {found.word}."
        if len(targets) > 1:
            others = [t for t in targets if t != found.word]
            details.append(f"Also fits: {', '.join(others)}.")
    else:
        headline = f"Yes, {found.word} fits. The word we had in mind: {main}."
        contrast = wheel.confusable(found.word, main)
        if contrast:
            details.append(contrast.difference)
    details.append(f"On the wheel: {wheel.path_text(found.word)}")
    return Verdict("correct", headline, details, found.word, 0)


def _spelling_note(found: Resolution) -> str | None:
    if found.matched_by == "typo":
        return f"(spelled {found.word})"
    return None


def _closest(
    wheel: Wheel, resolved: list[Resolution], targets: list[str]
) -> tuple[Resolution, str, int] | None:
    best: tuple[Resolution, str, int] | None = None
    for found in resolved:
        for target in targets:
            d = wheel.distance(found.word, target)
            if best is None or d < best[2]:
                best = (found, target, d)
    return best


def _special_note(wheel: Wheel, part: str) -> str:
    special = wheel.special(part)
    if isinstance(special, Faux):
        return (
            f"'{special.word}' says what someone did more than what you feel; "
            f"underneath it there is often {', '.join(special.covers)}."
        )
    if special is not None:
        return f"'{special.word}' hides the feeling; try {', '.join(special.sharper[:4])}."
    return ""


def grade_choice(wheel: Wheel, answer: str, options: list[str], right: str, reason: str) -> Verdict:
    """A pick between options, typed as the word, a typo of it, or its number."""
    text = answer.strip().lower()
    chosen: str | None = None
    if text.isdigit() and 1 <= int(text) <= len(options):
        chosen = options[int(text) - 1]
    elif len(text) == 1 and "a" <= text <= chr(ord("a") + len(options) - 1):
        chosen = options[ord(text) - ord("a")]
    else:
        found = wheel.resolve(text)
        if found is not None and found.word in options:
            chosen = found.word
    if chosen is None:
        return Verdict("wrong", f"Pick one of: {', '.join(options)}. Here it is {right}.", [reason])
    if chosen == right:
        return Verdict("correct", f"Yes: {right}.", [reason], right, 0)
    return Verdict(
        "wrong",
        f"Here {right} fits better than {chosen}.",
        [reason],
        chosen,
        wheel.distance(chosen, right),
    )


def parse_order(wheel: Wheel, answer: str, words: list[str]) -> list[str] | None:
    """Read an ordering typed as words ('annoyed, angry, furious') or numbers ('2 1 3')."""
    text = answer.strip().lower()
    tokens = [t for t in re.split(r"[\s,<>]+", text) if t]
    if tokens and all(t.isdigit() for t in tokens):
        picks = [int(t) - 1 for t in tokens]
        if sorted(picks) != list(range(len(words))):
            return None
        return [words[i] for i in picks]
    parts = [p for p in re.split(r"\s*[,<>]\s*|\s+", text) if p]
    order: list[str] = []
    for part in parts:
        found = wheel.resolve(part)
        if found is None or found.word not in words or found.word in order:
            return None
        order.append(found.word)
    return order if len(order) == len(words) else None


def grade_order(wheel: Wheel, answer: str, shown: list[str], correct: list[str]) -> Verdict:
    """Order by intensity: all right is correct; one neighbouring swap is close."""
    ladder = " < ".join(correct)
    order = parse_order(wheel, answer, shown)
    if order is None:
        return Verdict(
            "wrong",
            f"Type all {len(shown)} words (or their numbers) from mildest to strongest.",
            [f"The order: {ladder}"],
        )
    if order == correct:
        return Verdict("correct", f"Yes: {ladder}.", [], None, 0)
    swaps = sum(1 for a, b in zip(order, correct, strict=True) if a != b)
    details = [f"The order: {ladder}"]
    for word in correct:
        details.append(f"{word}: {wheel.entries[word].definition}")
    if swaps == 2 and any(
        order[i] == correct[i + 1] and order[i + 1] == correct[i] for i in range(len(order) - 1)
    ):
        return Verdict("close", "Close: one neighbouring pair is swapped.", details, None, 1)
    return Verdict("wrong", "Not quite.", details, None, swaps)


def grade_notch(wheel: Wheel, answer: str, start: str, accept: list[str]) -> Verdict:
    """'Say it one notch down': a milder word of the same family."""
    found = wheel.resolve(answer.strip())
    start_entry = wheel.entries[start]
    suggestion = ", ".join(accept)
    if found is None:
        return Verdict(
            "wrong",
            f"Try a milder feeling word from the {wheel.core_of(start)} family: {suggestion}.",
        )
    word = found.word
    details = [f"On the wheel: {wheel.path_text(word)}"]
    same_family = wheel.core_of(word) == wheel.core_of(start)
    milder = wheel.entries[word].intensity < start_entry.intensity
    if word in accept or (same_family and milder and word != start):
        return Verdict("correct", f"Yes: {word} is something a partner can hear.", details, word, 0)
    if same_family:
        return Verdict(
            "close",
            f"{word} is still about as strong as {start}. One notch down: {suggestion}.",
            details,
            word,
            wheel.distance(word, start),
        )
    return Verdict(
        "wrong",
        f"{word} is a different feeling. One notch down from {start}: {suggestion}.",
        details,
        word,
        wheel.distance(word, start),
    )
