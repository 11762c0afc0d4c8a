"""Feedback on free text: the parts of an I-statement, or how well a reply listens.

Pure: a text and a Wheel in, a Feedback out; no I/O. A wrong remark about someone's own words costs
more trust than a missed one, so every detector asks for context before it speaks: who is feeling it
(the writer, the listener, someone else), whether it is negated, whether "just" is advice or a
softener, whether a question is open or closed. When the context is unclear, it stays quiet.

The text is read as canonical tokens (lower case, contractions spelled one way) with a space-joined
copy for phrase patterns, so every pattern starts and ends on a word boundary and every finding maps
back to exact character offsets in the original text.
"""

from __future__ import annotations

import re
import unicodedata
import weakref
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from typing import Literal

from pydantic import BaseModel, ConfigDict

from .text import stem
from .wheel import Wheel

__all__ = [
    "LISTEN_KINDS",
    "STATEMENT_KINDS",
    "Feedback",
    "Finding",
    "analyse_reply",
    "analyse_statement",
]

STATEMENT_KINDS = (
    "feeling_word",
    "vague_feeling",
    "faux_feeling",
    "thought_as_feeling",
    "blame",
    "situation",
    "need",
    "request",
)
LISTEN_KINDS = ("fixing", "minimising", "self_focus", "validating", "question")


class Finding(BaseModel):
    """One thing noticed in the text, with the exact characters it is about."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: str
    span: list[int]
    text: str
    message: str
    suggestion: str | None = None


class Feedback(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    mode: Literal["statement", "listen"]
    text: str
    score: float
    findings: list[Finding]
    worked: list[str]
    try_instead: list[str]
    missing: list[str]
    better: str | None = None


def analyse_statement(text: str, wheel: Wheel) -> Feedback:
    """Feedback on an I-statement: feeling, situation, need and request, and what gets in their way."""
    return _statement_feedback(text, wheel)


def analyse_reply(text: str, wheel: Wheel, feelings: list[str] | None = None) -> Feedback:
    """Feedback on a reply to someone who shared a feeling; ``feelings`` are what they likely feel."""
    return _reply_feedback(text, wheel, list(feelings or []))


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


def _phrases(text: str) -> frozenset[str]:
    return frozenset(phrase.strip() for phrase in text.split("|"))


# --- tokens ------------------------------------------------------------------------------------------

# Typed without the apostrophe these are still contractions; one spelling keeps the patterns readable.
# "its" is nearly always "it's" in the sentences people write here.
_CONTRACTIONS = {
    **{
        c.replace("'", ""): c
        for c in _words(
            """i'm i've i'd you're you've you'd you'll they're they've
    he's she's that's what's how's it's there's don't doesn't didn't can't won't isn't wasn't
    aren't weren't haven't hasn't hadn't couldn't wouldn't shouldn't ain't could've should've
    would've must've"""
        )
    },
    "cannot": "can't",
    "u": "you",
    "ur": "your",
}
_TOKEN = re.compile(r"[a-z0-9]+(?:['-][a-z0-9]+)*|\.\.\.|[.!?]+|[,;:()\"\u2014\u2013]|(?<= )-(?= )")
_BOUNDARY = frozenset('.!?;:()"\u2014\u2013-') | {"..."}
_SENTENCE_END = frozenset("!?.") | {"..."}
# Subjects that open a clause of their own after "and", "but", "so", "because".
_NEW_SUBJECTS = _words("i i'm i've i'd it it's that that's he she they we he's she's they're we're this")


def _fold(text: str) -> str:
    """Lower case, straight quotes and no accents, keeping every character where it was."""
    if text.isascii():
        return text.lower()
    return "".join(_fold_char(ch) for ch in text)


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    if ch in "\u2018\u2019\u201b`\u00b4":
        return "'"
    if ch in "\u201c\u201d\u201e":
        return '"'
    base = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
    ch = base if len(base) == 1 else ch
    low = ch.lower()
    return low if len(low) == 1 else ch


def _canon(token: str) -> str:
    if token[0] in "?!":
        return "?" if "?" in token else "!"
    if token[0] in _BOUNDARY or token == ",":
        return "." if token[0] == "." else token[:1]
    return _CONTRACTIONS.get(token, token)


@dataclass(frozen=True)
class _Tok:
    text: str
    stem: str
    start: int
    end: int
    upper: bool  # capitalised in the original, so possibly a name


class _Doc:
    """The text as canonical tokens, plus a space-joined copy that the phrase patterns run over."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.toks: list[_Tok] = []
        for m in _TOKEN.finditer(_fold(text)):
            norm = _canon(m.group())
            word_stem = stem(norm.replace("'", "")) if norm[0].isalnum() else norm
            self.toks.append(_Tok(norm, word_stem, m.start(), m.end(), text[m.start()].isupper()))
        self.words = [t.text for t in self.toks]
        self.offsets: list[int] = []
        pos = 0
        for word in self.words:
            self.offsets.append(pos)
            pos += len(word) + 1
        self.canon = " ".join(self.words)
        self._sentences = list(self._split_sentences())

    def __len__(self) -> int:
        return len(self.toks)

    def word(self, i: int) -> str:
        return self.words[i] if 0 <= i < len(self.words) else "."

    def span_text(self, i: int, j: int) -> str:
        start, end = self.chars(i, j)
        return self.text[start:end]

    def tokens_of(self, m: re.Match[str]) -> tuple[int, int]:
        """Token range [i, j) covered by a match over the canonical copy."""
        start, end = m.span()
        return _token_at(self.offsets, start), _token_at(self.offsets, max(start, end - 1)) + 1

    def chars(self, i: int, j: int) -> tuple[int, int]:
        return self.toks[i].start, self.toks[j - 1].end

    def _split_sentences(self) -> Iterator[tuple[int, int]]:
        start = 0
        for k, word in enumerate(self.words):
            if word in _SENTENCE_END:
                if k > start:
                    yield start, k + 1
                start = k + 1
        if start < len(self.words):
            yield start, len(self.words)

    def sentences(self) -> list[tuple[int, int]]:
        return self._sentences

    def sentence_of(self, i: int) -> tuple[int, int]:
        return next(((s, e) for s, e in self._sentences if s <= i < e), (0, len(self.words)))

    def clause_end(self, i: int, *, soft: bool = True) -> int:
        """First token after the clause that starts at i: hard punctuation, or, when soft, a comma
        or a conjunction that opens a clause of its own ("... and it makes me furious")."""
        k = i
        while k < len(self.words):
            word = self.words[k]
            if word in _BOUNDARY or (soft and word == ","):
                break
            opens = word in ("and", "but", "so", "because") and self.word(k + 1) in _NEW_SUBJECTS
            if soft and k > i and opens:
                break
            k += 1
        return max(k, i + 1)

    def clause_start(self, i: int) -> int:
        k = i
        while k > 0 and self.words[k - 1] not in _BOUNDARY and self.words[k - 1] != ",":
            k -= 1
        return k

    def search(self, pattern: re.Pattern[str]) -> Iterator[tuple[int, int, re.Match[str]]]:
        for m in pattern.finditer(self.canon):
            i, j = self.tokens_of(m)
            yield i, j, m

    def negated_before(self, i: int, window: int = 4) -> bool:
        k = i - 1
        while k >= 0 and i - k <= window and self.words[k] not in _BOUNDARY and self.words[k] != ",":
            if _is_negator(self.words[k]):
                return True
            k -= 1
        return False


def _token_at(offsets: list[int], pos: int) -> int:
    lo, hi = 0, len(offsets)
    while lo < hi:
        mid = (lo + hi) // 2
        if offsets[mid] <= pos:
            lo = mid + 1
        else:
            hi = mid
    return max(lo - 1, 0)


def _rx(pattern: str) -> re.Pattern[str]:
    """A phrase pattern over canonical tokens: it starts and ends on token boundaries."""
    return re.compile(r"(?<![^ ])(?:" + pattern + r")(?![^ ])")


# --- vocabulary --------------------------------------------------------------------------------------
# Knowledge about English, not about any example: who a word points at, what negates, which feeling
# words mean something else in some frames.

_NEGATORS = _words("not no never nothing nobody none neither nor hardly barely without cannot stop stopped")
# After a negation these start a new item: "not angry, just tired", "not sad but lonely".
_RESETS = _words("but just only rather more mostly instead actually")
_INTENSIFIERS = _words(
    """so really very a bit little kind of kinda sort sorta pretty quite super extremely totally
    completely utterly incredibly deeply truly genuinely honestly also too even most somewhat
    slightly fairly terribly awfully increasingly all such lately now right still already almost
    absolutely seriously properly bloody fucking damn way tad lot massively hugely overly insanely
    strangely oddly weirdly suddenly often always sometimes usually constantly and or , & both
    either well then much"""
)
_ADVERBS = _INTENSIFIERS - {",", "and", "or"}
_FEEL = _words("feel feels felt feeling feelin")
_BE = _words(
    """am is are was were be been being 'm get gets got getting gotten become becomes became
    becoming grow grows grew growing stay stayed remain remained end ended doing"""
)
_LISTEN_BE = _words("seem seems seemed sound sounds sounded look looks looked appear appears must")
_SELF = _words("i we")
_SELF_CONTRACTED = _words("i'm i've i'd i'll we're we've we'd we'll i'ma")
_YOU = _words("you ya")
_YOU_CONTRACTED = _words("you're you've you'd you'll")
_DUMMY = _words("it this that things everything which what everything's")
_DUMMY_CONTRACTED = _words("it's that's this's what's it'd it'll that'd")
_OTHER = _words(
    """he she they he's she's they're they've someone somebody everyone everybody nobody people
    anyone anybody one"""
)
_AUX = _words(
    """do does did don't doesn't didn't can can't could couldn't will won't would wouldn't 'd
    should shouldn't might may must have has had haven't hasn't hadn't 've am is are was were 'm
    be been being never always often sometimes usually still really just also honestly actually
    kind of sort kinda sorta even ever totally truly genuinely definitely probably start started
    starts starting begin began beginning begun tend tends tended to keep keeps kept keeping going
    gonna used not no longer only finally now lately already again occasionally constantly
    increasingly slowly suddenly almost barely hardly so too quite pretty seriously literally
    get gets got getting"""
)
_CAUSATIVE = _words(
    """make makes made making leave leaves left leaving get gets got getting keep keeps kept keeping
    drive drives drove driving has have had having set sets send sends sent"""
)
_OBJECT_SELF = _words("me us myself")
_CLAUSE_JOINS = _BOUNDARY | _words(", ... and but or because so when")
# Verbs that cannot take "I" as their subject: in "nothing I do is good", "I" is not the one who is.
_THIRD_PERSON = _words("is 's isn't gets becomes seems has does looks sounds")
_IRREGULAR_PAST = _words(
    """left went came got made said told took gave lost broke began brought thought felt heard saw
    forgot kept ran met found sent spent won quit shut hit put let moved arrived died"""
)
_VERBISH = _words(
    """is are was were 's 're isn't aren't wasn't weren't has have had hasn't haven't hadn't does
    do did doesn't don't didn't can can't could couldn't will won't would wouldn't should
    shouldn't might must never always just only really keep keeps kept get gets got care cares
    think thinks want wants need needs know knows listen listens ignore ignores take takes see sees
    love loves prefer prefers matter matters treat treats expect expects blame blames hate hates
    notice notices seem seems put puts make makes made said says go goes went come comes came
    leave leaves left try tries tried let lets look looks give gives gave feel feels felt
    understand understands value values respect respects"""
)

# Spellings that are on the wheel only by accident of form or stem ("need" is a form of "needed",
# "kind" an alias of "compassionate"); never a named feeling in a sentence.
_DENY_TOKENS = _words(
    """need needs needing value values valuing respect respects respecting support supports
    supporting care cares hope hopes hoping rest resting play playing plays move moves moving drive
    drives driving thought thoughts focus focusing control controls balance presence ease faith
    power energy interest interests interesting impress impression expect expects expecting
    expectation attract attraction connect connects connecting connection understand understands
    understanding closeness comfort comforts safety security protect protects protection freedom
    peace purpose dignity accept accepts accepting acceptance forgive forgiveness patience reflect
    reflection contemplate sentiment worth trust trusts kind sorry thanks thank cheers like likes
    wanting lust fancy chemistry known natural still quiet together able cleared covered backed
    carried charged sparked engaged hungry firm soft gentle friendly neutral willing sorted
    considering wonder wondering wonders desire desires long lol ew oops phew sus props kudos shake
    shakes surprise amaze amazing amuse excite surprising appreciate appreciates prepare
    preparation resolve determine dare resign resignation fulfil fulfill restore refresh renew
    relax relaxation satisfy suspect threat threaten withdraw withdrawal distract defend guard trap
    corner submit compose cold open drain swamp fluster exhaust expose wound frazzle burden boring
    shock alarm"""
)
# Ambiguous without "feel": "I'm lost" (on the way), "I'm down for it", "I'm close to done".
_FEEL_ONLY = _words(
    """low down blue lost close free open present safe secure stable settled steady important
    useful wanted needed seen recognized recognised noticed acknowledged thanked tender warm
    connected intimate stuck small empty moved sore deserving justified composed complete
    comfortable patient accepting forgiving caring loving trusting admiring adoring approving
    disapproving daring begrudging anticipating faithful loyal respectful compassionate
    sympathetic empathetic possessive aggressive submissive balanced renewed restored grounded
    rooted anchored lighter electric invested hooked obsessed thrown triggered stupid distant
    fried spent beat wrecked dreamy rotten reserved touchy clingy bittersweet moody delicate
    blank hollow salty sour laid-back poised goofy energetic privileged humble beaten intense
    ready strong"""
) | {"at home"}
# Aliases that help the wheel's lookup but mostly mean something else in a sentence: set phrases
# ("thank god", "my bad"), traits ("kind", "reckless"), activities ("thinking it over"), facts
# ("widowed", "in charge").
_DENY_SURFACES = _phrases(
    """nice to hear|good to hear|made my day|all in|owe you one|cheers|thanks a million|
    much obliged|hats off|kudos|credit where it's due|fingers crossed|things are looking up|waiting on it|
    any minute now|engaged|tell me more|got me thinking|nice one|fair play|props|well played|
    sparked|got me right here|got this|handling it|able|can do this|all set|squared away|
    done my homework|skilled|proficient|know what i'm doing|solid at my job|achieved something|
    a job well done|nailed it|got it done|winning|holding my head high|keeping my head up|
    told you so|cleared|off the hook|a big deal|significant|facing it|standing firm|steeling myself|
    not giving up|committed|firm|hungry|relentless|hard-charging|enabled|able to act|my call|
    on track|in charge|at the wheel|no complaints|hit the spot|done and dusted|sorted|no pressure|
    keeping my cool|chill|kicking back|still|quiet|undisturbed|hushed|still waters|natural|
    myself around them|thank god|phew|my mind's at rest|put my mind at ease|taken care of|eased|
    covered|got my back|backed|in my corner|held up|carried|making peace with it|letting it be|
    rolling with it|it is what it is|taking it as it comes|unhurried|in no rush|tolerant|
    taking my time|letting it go|no hard feelings|burying the hatchet|water under the bridge|
    open-minded|receptive|willing|together|collected|mindful|tuned in|all there|in sync|in harmony|
    got the mix right|revived|fresh|perked up|topped up|fresh start|second wind|reborn|rekindled|
    clean slate|introspective|in my head|taking stock|mulling things over|looking back|considering|
    deliberating|thinking it over|weighing it up|chewing on it|far away|musing|pondering|
    soul-searching|meditative|philosophical|soft|gentle|going soft|friendly|goodwill|nurturing|
    looking out for them|concerned for them|kindhearted|tight|let in|open with each other|clicking|
    they get me|gotten|known|wanting|hungry for|lust|the hots|into them|drawn to|fancy|chemistry|
    a spark|kind|merciful|heart goes out|humane|big-hearted|sorry for them|feel for you|
    on their side|commiserating|in your shoes|i feel it too|can relate|attuned|mama bear|papa bear|
    watchful|shielding|looking up to|big fan|hats off to|think the world of|doting|worshipping|
    apple of my eye|high regard|esteem|deferential|honoring|on board|in favor|thumbs up|all for it|
    worshipful|devout|solemn|have faith in|rely on|count on|believe in|sure of them|true to you|
    constant|ride or die|got your back|in your corner|stand by|true blue|dedicated|wholehearted|
    lost someone|widowed|lost a loved one|orphaned|what's the point|no way out|nothing will change|
    no light at the end of the tunnel|given up|why bother|not my best day|really want|wishing for|
    dying for|what might have been|reminiscing|trip down memory lane|rose-tinted|looking back fondly|
    toast|nothing left|same old|no drive|neutral|don't mind either way|no strong feelings|
    up in the air|not knowing|buried|doesn't add up|could go either way|alarm bells ringing|
    red flags|uh-oh moment|chilled|can't believe it|in disbelief|you're kidding|no way|seriously?|
    jelly|sus|something's fishy|for crying out loud|getting nowhere|blocked|foiled|held back|acid|
    how dare they|ew|looking down on|condescending|above it all|eye-rolling|superior|sneering|
    derisive|mocking|scoffing|snide|sniffy|snobbish|haughty|aloof|turning my nose up|not on board|
    frowning on it|against it|tut-tutting|thumbs down|grudging|half-hearted|through gritted teeth|
    want what they have|eyeing it|lusting after|hungry for what's theirs|icy|antagonistic|
    combative|cold-shouldering|spoiling for a fight|confrontational|belligerent|in your face|pushy|
    clumsy|my bad|oops|dirty|if only|missed the boat|owning it|hands up|sorry|my apologies|
    didn't mean to|a waste of time|tiny|naked|no say|no control|no voice|pushover|doormat|caving|
    rolling over|people-pleasing|going along to keep the peace|lol|entertained|play|cracking up|
    recovered|healed|back on my feet|can be myself|feeling the competition|outgunned|fomo|
    anticlimax|came down to earth|expected better|thought they'd come through|in flow|lit up|sunny|
    made up|floating|in heaven|unguarded|watched over|shielded|out of sync|flat out|
    the pressure's on|pricked|got a beef|heated|complete|whole|clear-headed|concentrating|
    on a mission|ambitious|all ears|nosy|full of ideas|galvanised|boosted|buoyed|on top of my game|
    in my power|ballsy|audacious|forthright|up for it|adventurous|risk-taking|living dangerously|
    reckless|dead set|set on it|stubborn about it|unwavering|steadfast|in charge of my life|
    having direction|a sense of purpose|clear on my why|unchained|footloose|off the leash|
    on top of things|got a handle on it|wanting for nothing|cool as a cucumber|unwound|placid|
    at one with everything|deeply calm|dodged a bullet|can breathe again|out of harm's way|
    unthreatened|even-keeled|caught up on sleep|slept like a log|fresh as a daisy|sombre|
    lovey-dovey|sweet on them|softhearted|glowing|partial to|keen on|a liking for|mushy|soppy|sappy|
    thick as thieves|bonded|tight-knit|deeply bonded|on fire|swept up|craving|hot and bothered|
    in the mood|frisky|crushing on|got me in the feels|reverent|dreamy|rueful|bullish|sanguine|
    bolstered|spurred on|given a boost|on the edge of my seat|holding my breath|keen to learn more|
    dying to know|itching to find out|piqued|drawn in|wrapped up in it|didn't see that coming|
    took my breath away|marvelling|self-possessed|unshakeable|victorious|like a champion|
    my cup is full|it all means something|self-respecting|self-satisfied|worth something|
    looked up to|held in regard|like i make a difference|depended on|good enough|worth it|
    enough as i am|gutsy|having the guts|found my nerve|plucky|cocky|intense|stirred|made me sick|
    turned my stomach|made me jump|shut down"""
)
# Everyday spellings that the wheel's lookup does not need but sentences do.
_EXTRA_WHEEL = {
    "looking forward": "anticipating",
    "worried sick": "worried",
    "scared stiff": "terrified",
    "pissed off": "furious",
    "sick of": "fed up",
    "sick to death of": "fed up",
    "like a fool": "foolish",
}
_EXTRA_FAUX = {
    "overlooked": "ignored",
    "disregarded": "ignored",
    "brushed off": "dismissed",
    "shut out": "pushed away",
    "talked down to": "patronized",
    "picked on": "bullied",
    "ganged up on": "attacked",
    "undervalued": "unappreciated",
    "snubbed": "rejected",
    "left behind": "abandoned",
}
_EXTRA_VAGUE = {
    "terrible": "bad",
    "awful": "bad",
    "horrible": "bad",
    "shitty": "bad",
    "ok": "okay",
    "all right": "alright",
    "not great": "not good",
}
# Verbs that name a feeling with the writer as subject: "I miss you", "I dread Mondays".
_EMOTION_VERBS = _words(
    "miss worry fear dread resent regret envy admire adore love grieve mourn panic ache yearn long "
    "pine despair hurt fret seethe"
)
# Verbs whose object feels it: "it scares me", "that really upset me".
_PSYCH_VERBS = _words(
    """scare frighten terrify worry frustrate annoy irritate upset stress sadden hurt sting
    embarrass humiliate mortify excite amuse surprise shock amaze astonish disgust sicken revolt
    repulse appall confuse bewilder puzzle overwhelm exhaust drain bore thrill delight please
    disappoint discourage relieve reassure soothe exasperate aggravate alarm startle horrify stun
    fascinate intrigue devastate anger enrage rattle unsettle depress"""
)
_EMOTION_VERB_STEMS = frozenset(stem(v) for v in _EMOTION_VERBS)
_PSYCH_VERB_STEMS = frozenset(stem(v) for v in _PSYCH_VERBS)
_NOUN_SUFFIXES = (
    "ness",
    "ment",
    "tion",
    "sion",
    "ity",
    "iety",
    "ance",
    "ence",
    "ancy",
    "ency",
    "dom",
    "ism",
    "ure",
)
_EMOTION_NOUNS = _words(
    """anger rage fury fear dread panic terror shame guilt grief despair joy pride relief envy awe
    bliss delight misery regret remorse contempt disgust scorn disdain hatred love longing yearning
    nostalgia gloom hurt heartbreak jealousy anxiety worry nerves sadness loneliness resentment
    frustration irritation annoyance embarrassment humiliation disappointment exhaustion burnout
    boredom confusion insecurity self-doubt tension unease apprehension overwhelm stress
    helplessness powerlessness vulnerability anguish agitation restlessness impatience exasperation
    indignation outrage hostility bitterness happiness excitement gratitude sympathy compassion
    empathy tenderness affection passion desire wonder elation ecstasy contentment serenity
    uncertainty hesitation curiosity enthusiasm eagerness amusement fascination"""
)
_NOUN_MAIN_WORDS = _words("wonder desire")
_NOUN_MARKERS = _words("my our of with by such full filled much lot sense wave pang")
# Multi-word aliases that start with a verb take the writer as subject: "I can't cope".
_VERB_FIRST = _words(
    "can't couldn't don't didn't doesn't got had have hate want wish lost blew hit found dodged "
    "reached miss smell stopped"
)
_MISS_OBJECTS = _words(
    "you him her them us home our my your his their being having how when talking it way seeing"
)
_HURT_OBJECTS = _words("my your his her their you him them myself yourself someone people the a our us")
# What may follow a feeling word that opens a clause on its own: "Exhausted.", "So proud of you."
_FRAG_NEXT = _words(
    "and but about of that because when with at for to right today tonight lately again now "
    "honestly though too as all this since after"
)
# Adjectives that describe a skill when followed by "at": "hopeless at maths".
_SKILL_WORDS = _words("hopeless useless rubbish stupid inadequate")
# Vague words that also agree or rate: "fine with pizza", "good at maths", "okay to go".
_AGREEABLE = _words("fine okay alright good great bad") | {"not good"}
_POLITE_WORDS = _words("afraid happy glad pleased delighted thrilled interested")


def _is_negator(word: str) -> bool:
    return word in _NEGATORS or word.endswith("n't")


# --- the lexicon: every spelling on the wheel, plus faux feelings and vague words ----------------------

Sense = Literal["wheel", "faux", "vague"]
Source = Literal["word", "alias", "form", "extra"]


@dataclass(frozen=True)
class _Entry:
    kind: Sense
    word: str  # the wheel word, faux feeling or vague word this spelling stands for
    tokens: tuple[str, ...]
    source: Source


@dataclass(frozen=True)
class _Hit:
    entry: _Entry
    i: int
    j: int


def _surface_tokens(surface: str) -> tuple[str, ...]:
    return tuple(_canon(m.group()) for m in _TOKEN.finditer(_fold(surface)))


def _spellings(surface: str) -> list[str]:
    """British and American spellings, and hyphens typed as spaces."""
    out = [surface]
    if "iz" in surface:
        out.append(surface.replace("iz", "is"))
    if surface.endswith(("ised", "ise")):
        out.append(surface.replace("is", "iz"))
    out.extend(s.replace("-", " ") for s in list(out) if "-" in s)
    return out


class _Lexicon:
    """Every spelling that can name a feeling, by exact tokens and, for single words, by stem."""

    def __init__(self, wheel: Wheel) -> None:
        self.exact: dict[tuple[str, ...], _Entry] = {}
        self.stems: dict[str, _Entry] = {}
        self.valence = {e.word: e.valence for e in wheel.data.words}
        # Faux and vague spellings first: "feeling great" should read as the vague "great".
        for faux in wheel.data.faux_feelings:
            for spelling in _spellings(faux.word):
                self._add("faux", faux.word, spelling, "word")
        for extra, target in _EXTRA_FAUX.items():
            if target in wheel.faux:
                self._add("faux", target, extra, "extra")
        for vague in wheel.data.vague_words:
            self._add("vague", vague.word, vague.word, "word")
        for extra, target in _EXTRA_VAGUE.items():
            if target in wheel.vague:
                self._add("vague", target, extra, "extra")
        words = wheel.data.words
        for entry in words:
            self._add_wheel(entry.word, entry.word, "word")
        for entry in words:
            for alias in entry.aliases:
                self._add_wheel(entry.word, alias, "alias")
        for entry in words:
            for form in entry.forms:
                if not form.endswith("ly"):  # adverbs: "sadly, the shop was shut"
                    self._add_wheel(entry.word, form, "form")
        for extra, target in _EXTRA_WHEEL.items():
            if target in wheel.entries:
                self._add_wheel(target, extra, "alias")
        # For each first word, the lengths of the spellings that start with it, longest first.
        lengths: dict[str, set[int]] = {}
        for tokens in self.exact:
            lengths.setdefault(tokens[0], set()).add(len(tokens))
        self.lengths = {first: sorted(found, reverse=True) for first, found in lengths.items()}

    def _add(self, kind: Sense, word: str, surface: str, source: Source) -> None:
        tokens = _surface_tokens(surface)
        if tokens:
            self.exact.setdefault(tokens, _Entry(kind, word, tokens, source))

    def _add_wheel(self, word: str, surface: str, source: Source) -> None:
        if source != "word" and surface in _DENY_SURFACES:
            return
        for spelling in _spellings(surface):
            tokens = _surface_tokens(spelling)
            if not tokens or (tokens[0] in _FEEL and tokens[1:] in self.exact):
                continue
            if len(tokens) == 1 and tokens[0] in _DENY_TOKENS and source != "word":
                continue
            entry = _Entry("wheel", word, tokens, source)
            self.exact.setdefault(tokens, entry)
            # Words and their forms inflect; aliases are idioms ("cross" is angry, "crossing" is not).
            if len(tokens) == 1 and source != "alias":
                self.stems.setdefault(stem(tokens[0].replace("'", "")), entry)

    def _comparative(self, token: str) -> _Entry | None:
        """ "calmer", "happier", "sadder", "happiest": the wheel word they compare."""
        if token.endswith("er") and len(token) >= 5:
            bases: tuple[str, ...] = (token[:-2], token[:-1], token[:-3] + "y", token[:-3])
        elif token.endswith("est") and len(token) >= 6:
            bases = (token[:-3], token[:-2], token[:-4] + "y", token[:-4])
        else:
            return None
        for base in bases:
            entry = self.exact.get((base,))
            if entry is not None and entry.kind == "wheel" and entry.source == "word":
                return entry
        return None

    def _single(self, tok: _Tok) -> _Entry | None:
        text = tok.text
        if not text[0].isalpha() or text in _DENY_TOKENS or text.endswith("ly") or len(text) <= 3:
            return None
        entry = self.stems.get(tok.stem)
        if entry is None:
            return self._comparative(text)
        # A stem may only bridge inflections that keep the meaning's direction: "cared" is not
        # "caring", and a bare "want" or "floor" is not "wanted" or "floored".
        surface = entry.tokens[0]
        if text.endswith("ed") and surface.endswith("ing"):
            return None
        if surface.endswith("ed") and not text.endswith(("ed", "ing")):
            return None
        return entry

    def scan(self, doc: _Doc) -> list[_Hit]:
        """Longest spellings first, left to right, without overlaps."""
        hits: list[_Hit] = []
        i = 0
        while i < len(doc):
            found: _Hit | None = None
            for length in self.lengths.get(doc.words[i], ()):
                entry = self.exact.get(tuple(doc.words[i : i + length]))
                if entry is not None:
                    found = _Hit(entry, i, i + length)
                    break
            if found is None:
                entry = self._single(doc.toks[i])
                found = _Hit(entry, i, i + 1) if entry is not None else None
            if found is not None:
                hits.append(found)
                i = found.j
            else:
                i += 1
        return hits


_LEXICONS: weakref.WeakKeyDictionary[Wheel, _Lexicon] = weakref.WeakKeyDictionary()


def _lexicon(wheel: Wheel) -> _Lexicon:
    lexicon = _LEXICONS.get(wheel)
    if lexicon is None:
        lexicon = _LEXICONS[wheel] = _Lexicon(wheel)
    return lexicon


def _emotion_verb(token: str, token_stem: str) -> bool:
    """ "worried", "panicked", "missing": a form of a verb that names a feeling."""
    if token_stem in _EMOTION_VERB_STEMS:
        return True
    return any(token.startswith(v) and len(token) - len(v) <= 3 for v in _EMOTION_VERBS)


Role = Literal["adj", "feel_only", "progressive", "ing", "noun", "verb", "other"]


def _role(token: str, entry: _Entry, token_stem: str) -> Role:
    """How a single word can name a feeling: as an adjective, a noun, a verb, or only after "feel"."""
    word = entry.word
    comparative = token != word and entry.source == "word" and token.endswith(("er", "est"))
    if token in _FEEL_ONLY or ((token == word or comparative) and word in _FEEL_ONLY):
        return "feel_only"
    if comparative:
        return "adj"
    exact = entry.tokens == (token,)
    main = token == word or (exact and entry.source == "alias")
    if main:
        if word in _NOUN_MAIN_WORDS:
            return "noun"
        return "progressive" if token.endswith("ing") else "adj"
    if token.endswith("ing"):
        return "ing"
    if token.replace("'", "").endswith(_NOUN_SUFFIXES) or token in _EMOTION_NOUNS:
        return "noun"
    if token_stem in _EMOTION_VERB_STEMS and not token.endswith("ed"):
        return "verb"
    if token.endswith("ed"):
        return "adj"
    # Other suffixes vouch for an adjective only when the wheel lists this very spelling.
    adjective = ("ful", "ous", "ive", "ic", "ent", "ant", "less", "y", "ish", "able", "ible", "al")
    return "adj" if exact and token.endswith(adjective) else "other"


# --- who feels it: the frame around a feeling word ---------------------------------------------------

Who = Literal["self", "you", "other", "it", "start"]
FrameKind = Literal["feel", "be", "obj", "subj", "noun", "frag", "none"]


@dataclass(frozen=True)
class _Frame:
    """How a feeling word is introduced: "I feel X" (feel), "I'm X" (be), "it makes me X" (obj),
    "I miss" (subj), "my anxiety" (noun), "Exhausted." (frag); and whose feeling it is."""

    kind: FrameKind
    who: Who
    negated: bool
    anchor: int
    aux: frozenset[str]


class _Analysis:
    """One text: its tokens, its lexicon hits and, on demand, the frame of each hit."""

    def __init__(self, text: str, wheel: Wheel) -> None:
        self.doc = _Doc(text)
        self.wheel = wheel
        self.lexicon = _lexicon(wheel)
        self.valence = self.lexicon.valence
        self.hits = self.lexicon.scan(self.doc)
        self.hit_ending_at = {h.j: h for h in self.hits}
        self.hit_starting_at = {h.i: h for h in self.hits}

    def subject(self, k: int) -> tuple[Who, int, frozenset[str]]:
        """Who the clause around the verb at k is about, the negations before it, its auxiliaries."""
        words = self.doc.words
        word = words[k]
        if word in _SELF_CONTRACTED:
            return "self", 0, frozenset({word})
        if word in _YOU_CONTRACTED:
            return "you", 0, frozenset()
        if word in _DUMMY_CONTRACTED:
            return "it", 0, frozenset()
        if word in _OTHER and "'" in word:
            return "other", 0, frozenset()
        negs = 0
        aux: set[str] = set()
        m = k - 1
        while m >= 0:
            u = words[m]
            if _is_negator(u) and u not in ("nothing", "nobody", "no"):
                negs += 1
                aux.add(u)
            elif u in _AUX or u in _ADVERBS:
                aux.add(u)
            elif u in _SELF or u in _SELF_CONTRACTED:
                if word in _THIRD_PERSON:
                    return "other", negs, frozenset(aux)
                return "self", negs, frozenset(aux | {u})
            elif u in _OBJECT_SELF:
                if words[max(0, m - 2) : m] == ["part", "of"]:
                    return "self", negs, frozenset(aux)  # "part of me is relieved"
                if m > 0 and words[m - 1] in _CAUSATIVE:  # "it makes me feel"
                    return "self", negs + self._negations_before(m - 1), frozenset(aux)
                return "other", negs, frozenset(aux)
            elif u in _YOU or u in _YOU_CONTRACTED:
                return "you", negs, frozenset(aux)
            elif u in _DUMMY or u in _DUMMY_CONTRACTED:
                return "it", negs, frozenset(aux)
            elif u in ("nothing", "nobody", "no"):
                return "other", negs + 1, frozenset(aux)
            elif u in _BOUNDARY or u in _words(", and but so because when if then cause 'cause"):
                return "start", negs, frozenset(aux)
            else:
                return "other", negs, frozenset(aux)
            m -= 1
        return "start", negs, frozenset(aux)

    def _negations_before(self, k: int) -> int:
        """Negations before a causative verb: "nothing makes me", "it doesn't make me"."""
        words = self.doc.words
        count = 0
        m = k - 1
        while m >= 0 and words[m] not in _CLAUSE_JOINS and k - m <= 4:
            if _is_negator(words[m]):
                count += 1
            m -= 1
        return count

    def _earlier_hit(self, hit: _Hit, k: int) -> _Hit | None:
        """The nearest feeling word before position k in the same sentence."""
        words = self.doc.words
        for other in reversed(self.hits):
            if other.j > k + 1 or other is hit:
                continue
            if hit.i - other.j > 8 or any(w in _SENTENCE_END for w in words[other.j : hit.i]):
                return None
            return other
        return None

    def frame(self, hit: _Hit, *, listen: bool = False) -> _Frame:
        words = self.doc.words
        if hit.entry.tokens[0] in _FEEL:  # "feeling alive", "felt heard"
            who, negs, aux = self.subject(hit.i)
            return _Frame("feel", who, negs % 2 == 1, hit.i, aux)
        # Walk left over intensifiers, negations and earlier items of a list to the anchor.
        negs = 0
        reset = joined = crossed = False
        k = hit.i - 1
        while k >= 0:
            word = words[k]
            previous = self.hit_ending_at.get(k + 1)
            if previous is not None and previous is not hit and joined:
                # "hurt and a bit lonely": a list shares the frame of its first item
                k = previous.i - 1
                joined = False
                continue
            if word in ("and", "or", ",", "&", "but", "yet", "nor"):
                joined = True
                crossed = crossed or reset
            if word in _RESETS:
                reset = joined = True
                crossed = crossed or word == "but"
            elif _is_negator(word) and word not in ("stop", "stopped", "without"):
                negs += 0 if reset else 1
            elif word == "a" and self.doc.word(k + 1) not in _words("bit little tad lot touch kind sort"):
                if self.doc.word(k - 1) not in _FEEL:
                    break  # "a lonely road", but "I feel a longing for you"
            elif word == "the" and self.doc.word(k + 1).endswith("est"):
                pass  # "I'm the happiest I've been"
            elif not (word in _INTENSIFIERS or (word == "feeling" and words[k - 1 : k] == ["kind"])):
                break
            k -= 1
        earlier = self._earlier_hit(hit, k) if crossed else None
        if earlier is not None:
            # "I was never angry about it, just worried": the second word shares the first's frame,
            # without its negation.
            inherited = self.frame(earlier, listen=listen)
            return _Frame(inherited.kind, inherited.who, False, inherited.anchor, inherited.aux)
        return self._anchored(k, negs, listen)

    def _anchored(self, k: int, negs: int, listen: bool) -> _Frame:
        words = self.doc.words
        if k < 0 or words[k] in _BOUNDARY:
            return _Frame("frag", "start", negs % 2 == 1, k, frozenset())
        word = words[k]
        if word in _FEEL:
            who, more, aux = self.subject(k)
            return _Frame("feel", who, (negs + more) % 2 == 1, k, aux)
        contracted_be = word in ("i'm", "we're", "i'ma") or word in _YOU_CONTRACTED | _DUMMY_CONTRACTED
        if word in _BE or contracted_be or (listen and word in _LISTEN_BE):
            who, more, aux = self.subject(k)
            if word in ("get", "got", "getting", "gets") and who == "start":
                return _Frame("none", "start", False, k, aux)  # "got lost on the way"
            return _Frame("be", who, (negs + more) % 2 == 1, k, aux | {word})
        if word in ("he's", "she's", "they're"):
            return _Frame("be", "other", negs % 2 == 1, k, frozenset())
        if word in _OBJECT_SELF and k > 0 and words[k - 1] in _CAUSATIVE:
            negated = (negs + self._negations_before(k - 1)) % 2 == 1
            return _Frame("obj", "self", negated, k, frozenset())
        if word in _SELF_CONTRACTED:  # "I've missed you": have, not be
            return _Frame("subj", "self", negs % 2 == 1, k, frozenset({word}))
        if word in _SELF:
            if k > 0 and words[k - 1] in ("am", "was", "do", "did", "have", "had", "can", "could"):
                return _Frame("be", "self", negs % 2 == 1, k, frozenset())  # "why am I so tired"
            return _Frame("subj", "self", negs % 2 == 1, k, frozenset())
        if word in _YOU:
            if k > 0 and words[k - 1] in ("are", "were", "do", "did"):
                return _Frame("be", "you", negs % 2 == 1, k, frozenset())
            return _Frame("subj", "you", negs % 2 == 1, k, frozenset())
        if word in _AUX:
            who, more, aux = self.subject(k)
            return _Frame("subj", who, (negs + more) % 2 == 1, k, aux | {word})
        if word in _NOUN_MARKERS:
            if word in ("my", "our"):
                return _Frame("noun", "self", negs % 2 == 1, k, frozenset())
            who, more, _ = self.subject(k)
            return _Frame("noun", who, (negs + more) % 2 == 1, k, frozenset())
        if word in _words(", and but so because when if then cause"):
            return _Frame("frag", "start", negs % 2 == 1, k, frozenset())
        return _Frame("none", "other", negs % 2 == 1, k, frozenset())

    def accepts(self, hit: _Hit, frame: _Frame) -> bool:
        """Whether this spelling names a feeling in this frame: "I feel lost" yes, "I'm lost" no."""
        entry = hit.entry
        tokens = entry.tokens
        nxt = self.doc.word(hit.j)
        kind = frame.kind
        if len(tokens) > 1:
            if tokens[0] == "like":  # "like an idiot"
                return kind == "feel"
            if tokens[0] in ("my", "it", "it's", "that", "nothing", "hands", "head's") or tokens[1] == "me":
                return True  # "my heart is broken", "it got to me": the phrase carries its subject
            if tokens[0] in _VERB_FIRST:
                return kind in ("subj", "feel") or (kind == "be" and tokens[0] == "got")
            if " ".join(tokens) in _FEEL_ONLY:
                return kind in ("feel", "obj")
            if tokens[0].endswith("ing"):
                return kind in ("be", "feel", "obj", "subj")
            return kind in ("feel", "be", "obj")
        token = self.doc.words[hit.i]
        token_stem = self.doc.toks[hit.i].stem
        role = _role(token, entry, token_stem)
        if role == "feel_only":
            return kind in ("feel", "obj") or (kind == "be" and frame.who == "you")
        if kind == "subj" and "used" in frame.aux:
            return False  # "I used to love running" is over
        if role == "adj":
            if entry.word == "hurt" and kind == "subj":
                return nxt not in _HURT_OBJECTS  # "I hurt my back"
            if kind == "subj" and token.endswith("ed") and _emotion_verb(token, token_stem):
                return _verb_object_ok(token, nxt)  # "I panicked", "I've missed you"
            if kind == "frag":
                return nxt in _FRAG_NEXT or nxt in _BOUNDARY or nxt == "," or hit.j >= len(self.doc)
            return kind in ("feel", "be", "obj")
        if role == "progressive":  # grieving, dreading, missing: adjectives that are also verbs
            if token == "missing":
                return kind in ("be", "feel") and _verb_object_ok("miss", nxt)
            return kind in ("be", "feel", "frag", "obj")
        if role == "ing":
            if kind == "be" and frame.who in ("self", "you") and _emotion_verb(token, token_stem):
                return _verb_object_ok(token, nxt)  # "I'm worrying about it"
            if (kind in ("be", "feel") and frame.who in ("it", "start")) or kind == "frag":
                # "it was humiliating", "so frustrating": a hard moment described by its feeling
                return self.valence.get(entry.word, 0.0) <= -0.3 and token not in ("boring", "missing")
            return False
        if role == "noun":
            if kind in ("feel", "noun"):
                return True
            return kind == "subj" and token in _EMOTION_VERBS and _verb_ok(token, nxt, frame)
        if role == "verb":
            return kind == "subj" and _verb_ok(token, nxt, frame)
        return False


def _verb_ok(token: str, nxt: str, frame: _Frame) -> bool:
    # "I'd love to", "I would miss it": a wish or a guess, not a feeling now
    conditional = frame.aux & _words("would 'd i'd we'd could should")
    return _verb_object_ok(token, nxt) and not conditional


def _verb_object_ok(token: str, nxt: str) -> bool:
    if token.startswith("miss"):
        return nxt in _MISS_OBJECTS  # "I miss you", not "I missed the bus"
    if token.startswith("long"):
        return nxt in ("for", "to")
    if token.startswith("love"):
        return nxt != "to"
    if token.startswith("hurt"):
        return nxt not in _HURT_OBJECTS
    return True


# --- findings ------------------------------------------------------------------------------------


def _quote(text: str) -> str:
    return f"\u201c{text}\u201d"


def _join(words: Sequence[str], last: str = "or") -> str:
    items = [w for w in words if w]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {last} " + items[-1]


class _Collector:
    """Findings for one text; a wider finding of a kind swallows a narrower one inside it."""

    def __init__(self, doc: _Doc) -> None:
        self.doc = doc
        self.findings: list[Finding] = []

    def add(self, kind: str, i: int, j: int, message: str, suggestion: str | None = None) -> Finding | None:
        if j <= i:
            return None
        start, end = self.doc.chars(i, j)
        if any(f.kind == kind and f.span[0] <= start and end <= f.span[1] for f in self.findings):
            return None
        self.findings = [
            f for f in self.findings if not (f.kind == kind and start <= f.span[0] and f.span[1] <= end)
        ]
        finding = Finding(
            kind=kind,
            span=[start, end],
            text=self.doc.text[start:end],
            message=message,
            suggestion=suggestion,
        )
        self.findings.append(finding)
        return finding

    def has(self, kind: str) -> bool:
        return any(f.kind == kind for f in self.findings)

    def of(self, kind: str) -> list[Finding]:
        return [f for f in self.findings if f.kind == kind]

    def sorted(self) -> list[Finding]:
        return sorted(self.findings, key=lambda f: (f.span[0], f.span[1], f.kind))

    def before_in_sentence(self, kind: str, i: int) -> bool:
        start, _ = self.doc.sentence_of(i)
        lo, hi = self.doc.toks[start].start, self.doc.toks[i].start
        return any(f.kind == kind and lo <= f.span[0] < hi for f in self.findings)


# --- statements: feeling words, vague words, faux feelings -------------------------------------------

_FEELING_MESSAGE = "{} names a feeling ({}); that's the heart of it."
_VAGUE_MESSAGE = "{} is a start, but it could mean many things."
_DISCLOSED_MESSAGE = "{} is a real disclosure; one sharper word would help them help you."
_POLITE = _rx(
    r"(i'm|i am|i was) (afraid (i|we|that i|that we|not|so)|happy to|glad to help|"
    r"pleased to meet|interested to (hear|know|see|learn)|(pleased|happy|glad|delighted|sad|"
    r"sorry) to (say|report|announce|inform|let you know|confirm))|"
    r"(i'd|i would|we'd|i'll|i will) be (happy|glad|pleased|delighted|thrilled|interested)"
)
_PSYCH_IT = _rx(
    r"(it|that|this|which|what he said|what she said|what you said|(that|this|the|your|his|her|"
    r"their) [a-z']+( [a-z']+)?) (really |kind of |just |still |kinda |honestly )?"
    r"(?P<verb>hurt|hurts|stung|stings)(?! (my|your|his|her|their|the|him|them|you|us)(?![^ ])|"
    r" a (?!bit|little|lot))"
)
_STRESSING = _rx(r"(i'm|i am|i've been|i have been|been|we're) (so |really |a bit )?(stressing|stressin)")
_NOT_MYSELF = _rx(
    r"(i )?(haven't|have not|hasn't|not) been (feeling )?(like )?myself|"
    r"(don't|do not|didn't) feel (like )?myself"
)


_WISH_CLAUSE = _words("when if until once whenever so")
_DENIED_SAYING = _rx(
    r"(never|didn't|did not|don't|do not|not) (say|said|tell|told|claim|claimed|mean|meant)( that)?"
)


class _Named:
    """What the writer named: wheel words, vague words and faux feelings, in order."""

    def __init__(self) -> None:
        self.wheel: list[str] = []
        self.vague: list[str] = []
        self.faux: list[str] = []


def _feelings(a: _Analysis, out: _Collector, asks: list[tuple[int, int]]) -> _Named:
    """Feeling words, vague words and faux feelings that the writer claims for themselves.

    Words in a condition inside a request ("could we talk when we're both calmer?") describe a wish
    rather than a feeling the writer has now, so they are left out.
    """
    named = _Named()
    doc = a.doc
    for hit in a.hits:
        if any(start <= hit.i < end and _WISH_CLAUSE & set(doc.words[start : hit.i]) for start, end in asks):
            continue  # "could we talk when we're both calmer?" wishes for a feeling
        frame = a.frame(hit)
        kind = hit.entry.kind
        if kind == "wheel" and _claims_feeling(a, hit, frame):
            text = _quote(doc.span_text(hit.i, hit.j))
            out.add("feeling_word", hit.i, hit.j, _FEELING_MESSAGE.format(text, hit.entry.word))
            named.wheel.append(hit.entry.word)
        elif kind == "vague" and _vague_frame(a, hit, frame):
            vague = a.wheel.vague[hit.entry.word]
            start = hit.i - 1 if doc.word(hit.i - 1) == "not" else hit.i  # "not okay" as one
            text = _quote(doc.span_text(start, hit.j))
            disclosed = frame.negated or start < hit.i or hit.entry.word.startswith("not")
            message = (_DISCLOSED_MESSAGE if disclosed else _VAGUE_MESSAGE).format(text)
            out.add("vague_feeling", start, hit.j, message, f"Is it closer to {_join(vague.sharper[:3])}?")
            named.vague.append(hit.entry.word)
        elif kind == "faux" and _faux_frame(a, hit, frame):
            faux = a.wheel.faux[hit.entry.word]
            out.add(
                "faux_feeling",
                hit.i,
                hit.j,
                f"{_quote(doc.span_text(hit.i, hit.j))} says what they did more than what you feel, "
                "so it can sound like an accusation.",
                f"Underneath it there may be {_join(faux.covers[:3])}.",
            )
            named.faux.append(hit.entry.word)
    _psych_verbs(a, out, named)
    _vague_phrases(a, out, named)
    return named


def _claims_feeling(a: _Analysis, hit: _Hit, frame: _Frame) -> bool:
    if frame.who not in ("self", "start", "it") or frame.negated:
        return False  # "my sister is furious", "I'm not angry"
    if frame.who == "it" and frame.kind == "be" and not _it_feeling(a, hit):
        return False
    if frame.who == "start" and frame.kind in ("be", "subj"):
        return False  # "be careful", "got lost": an imperative, or nobody in particular
    if not a.accepts(hit, frame):
        return False
    words = a.doc.words
    token, nxt = words[hit.i], a.doc.word(hit.j)
    if _DENIED_SAYING.search(" ".join(words[max(0, frame.anchor - 6) : max(0, frame.anchor)])):
        return False  # "I never said I was unhappy"
    if hit.entry.word in _POLITE_WORDS:
        window = " ".join(words[max(0, hit.i - 2) : hit.j + 2])
        if _POLITE.search(window):
            return False  # "I'm afraid I can't", "happy to help"
    if token in _SKILL_WORDS and nxt in ("at", "with"):
        return False  # "hopeless at maths"
    # "I got hurt playing football" is a knock, not a feeling
    return not (
        token == "hurt" and frame.kind == "be" and words[frame.anchor] in ("got", "get", "gets", "getting")
    )


def _it_feeling(a: _Analysis, hit: _Hit) -> bool:
    """ "It's been lonely", "that was humiliating": a hard moment described by how it felt."""
    token = a.doc.words[hit.i]
    if hit.j - hit.i > 1 or token in _FEEL_ONLY:
        return False
    return a.valence.get(hit.entry.word, 0.0) <= -0.3 and token != "boring"


def _vague_frame(a: _Analysis, hit: _Hit, frame: _Frame) -> bool:
    doc = a.doc
    nxt = doc.word(hit.j)
    word = hit.entry.word
    agreeing = (
        nxt in ("with", "at", "by") or nxt.endswith("ing") or (nxt == "to" and doc.word(hit.j + 1) != "me")
    )
    if word in _AGREEABLE and agreeing:
        return False  # "fine with pizza", "good at maths", "okay to go", "fine doing them"
    if word in ("nothing", "whatever") or frame.kind == "frag":
        return doc.word(hit.i - 1) != "all" and _whole_sentence_vague(a, hit)  # "all good!" is thanks
    if frame.who == "it":
        return frame.kind == "feel" and word not in ("good", "great")  # "it feels weird"
    if frame.who not in ("self", "start"):
        return False
    if frame.kind == "feel":
        return True
    if frame.kind == "be" and _subject_is_we(a, frame):
        return False  # "we're okay" is about the two of you
    if frame.negated and word not in _AGREEABLE | {"not myself"}:
        return False  # "not upset" denies the feeling; "not okay" discloses one
    if frame.kind == "be" and frame.who == "self":
        if word == "off" and doc.word(hit.i - 1) in ("bit", "little", "kinda", "slightly", "feeling"):
            return True  # "I'm a bit off today", unlike "I'm off to bed"
        return word not in ("off", "funny", "weird", "nothing", "rough")
    return frame.kind == "obj"


def _subject_is_we(a: _Analysis, frame: _Frame) -> bool:
    words = a.doc.words
    k = frame.anchor
    if 0 <= k < len(words) and words[k] in ("we're", "we've", "we'd", "we'll"):
        return True
    while k > 0 and (words[k - 1] in _AUX or words[k - 1] in _ADVERBS):
        k -= 1
    return k > 0 and words[k - 1] == "we"


def _whole_sentence_vague(a: _Analysis, hit: _Hit) -> bool:
    """ "Fine." "Whatever." "Meh, I guess.": the whole sentence is a shrug."""
    start, end = a.doc.sentence_of(hit.i)
    filler = _INTENSIFIERS | _words("i guess suppose i'm it's really , .")
    vague_at = {k for h in a.hits if h.entry.kind == "vague" for k in range(h.i, h.j)}
    return all(
        k in vague_at or a.doc.words[k] in filler or a.doc.words[k] in _SENTENCE_END
        for k in range(start, end)
    )


def _faux_frame(a: _Analysis, hit: _Hit, frame: _Frame) -> bool:
    """ "I feel ignored", "I was lied to", "I keep getting interrupted": claimed as a feeling."""
    if frame.negated or frame.who not in ("self", "start"):
        return False
    if frame.kind not in ("feel", "be", "obj", "frag") or (frame.kind == "be" and frame.who == "start"):
        return False
    if frame.kind == "be" and _subject_is_we(a, frame):
        return False  # "we were rejected for the mortgage" reports an event
    nxt = a.doc.word(hit.j)
    if frame.kind == "frag" and not (nxt in _BOUNDARY or nxt in (",", "again", "and", "by")):
        return False  # "Rejected the offer" is not a feeling
    return not (hit.entry.word == "used" and nxt == "to")  # "I'm used to it"


def _psych_verbs(a: _Analysis, out: _Collector, named: _Named) -> None:
    """ "It scares me", "that really upset me", "it hurts": the writer's feeling as an object."""
    doc = a.doc
    for k, tok in enumerate(doc.toks):
        text = tok.text
        if doc.word(k + 1) not in ("me", "us") or not text[0].isalpha():
            continue
        if not (text.endswith(("s", "ed", "ing")) or text in ("hurt", "upset", "stung")):
            continue
        if tok.stem not in _PSYCH_VERB_STEMS or doc.negated_before(k, 3):
            continue
        if tok.stem in ("upset", "stress"):
            vague_word = "upset" if tok.stem == "upset" else "stressed"
            if vague_word in a.wheel.vague:
                j = k + 3 if tok.stem == "stress" and doc.word(k + 2) == "out" else k + 2
                sharper = _join(a.wheel.vague[vague_word].sharper[:3])
                out.add(
                    "vague_feeling",
                    k,
                    j,
                    _VAGUE_MESSAGE.format(_quote(doc.span_text(k, j))),
                    f"Is it closer to {sharper}?",
                )
                named.vague.append(vague_word)
            continue
        entry = a.lexicon.stems.get(tok.stem)
        if entry is not None and entry.kind == "wheel":
            out.add(
                "feeling_word", k, k + 1, _FEELING_MESSAGE.format(_quote(doc.span_text(k, k + 1)), entry.word)
            )
            named.wheel.append(entry.word)
    for i, j, m in doc.search(_PSYCH_IT):
        word = "stung" if m.group("verb").startswith("st") else "hurt"
        if not doc.negated_before(i, 3) and word in a.wheel.entries:
            out.add("feeling_word", j - 1, j, _FEELING_MESSAGE.format(_quote(doc.span_text(j - 1, j)), word))
            named.wheel.append(word)


def _vague_phrases(a: _Analysis, out: _Collector, named: _Named) -> None:
    """ "I've been stressing", "I haven't been myself": vague feelings said as phrases."""
    doc = a.doc
    for word, pattern in (("stressed", _STRESSING), ("not myself", _NOT_MYSELF)):
        if word not in a.wheel.vague:
            continue
        sharper = _join(a.wheel.vague[word].sharper[:3])
        for i, j, _ in doc.search(pattern):
            message = _DISCLOSED_MESSAGE.format(_quote(doc.span_text(i, j)))
            out.add("vague_feeling", i, j, message, f"Is it closer to {sharper}?")
            named.vague.append(word)


# --- statements: thoughts dressed as feelings --------------------------------------------------------

_THOUGHT_FILLERS = _words(
    "really just honestly sometimes often kind of kinda almost a bit little more so very strongly deeply"
)
# After "feel like I": "I could cry", "I'm going to be sick" are urges, not thoughts.
_LIKE_URGE = _rx(
    r"(i|we) (could|might|want|wanna|need|'m going to|am going to|'m gonna|am gonna|'m about to|"
    r"am about to|could use|should (go|get|take|have))|i'm (going to|gonna|about to)|i'd|i would|we'd"
)
_LIKE_SUBJECTS = _words(
    """you you're you've you'd you'll he she they we he's she's they're we're nobody everyone
    everybody people nothing everything someone somebody it's that's there's they've we've no none
    everything's"""
)
_CLAUSE_SUBJECTS = _LIKE_SUBJECTS | _words("i i'm i've i'd it this things my your our his her their the all")
_DETERMINERS = _words("my your our his her their the all these those every some")


def _thoughts(a: _Analysis, out: _Collector) -> list[tuple[int, int, int]]:
    """ "I feel that you...", "I feel like nobody...": a thought wearing a feeling's clothes.

    Returns (start, clause, end) token positions for each, for the rewrite and for other detectors.
    """
    doc = a.doc
    found: list[tuple[int, int, int]] = []
    for k, word in enumerate(doc.words):
        if word not in _FEEL or a.subject(k)[0] not in ("self", "it", "start"):
            continue
        n = k + 1
        while doc.word(n) in _THOUGHT_FILLERS and not (
            doc.word(n) == "a" and doc.word(n + 1) not in ("bit", "little")
        ):
            n += 1
        clause_at = _thought_clause(a, n)
        if clause_at is None:
            continue
        start = _thought_start(a, k)
        end = doc.clause_end(clause_at, soft=True)
        finding = out.add(
            "thought_as_feeling",
            start,
            end,
            "This is a thought dressed as a feeling; they'll likely argue with the thought.",
            "Say it as \u201cI think \u2026\u201d, then add how you feel about it.",
        )
        if finding is not None:
            found.append((start, clause_at, end))
    return found


def _thought_clause(a: _Analysis, n: int) -> int | None:
    """Where the thought starts after "feel", or None when what follows is a feeling or an urge."""
    doc = a.doc
    head, nxt = doc.word(n), doc.word(n + 1)
    if head == "as" and nxt in ("if", "though"):
        return n + 2
    if head == "that":
        if _starts_clause(a, n + 1):
            return n + 1
        return n if nxt in _VERBISH else None  # "I feel that is unfair"
    if head == "that's":
        return n
    if head == "like":
        return n + 1 if _like_clause(a, n + 1) else None
    if head in ("this", "it"):
        return n if nxt in _words("is was isn't wasn't will won't would should has doesn't matters") else None
    if head in _CLAUSE_SUBJECTS - _DETERMINERS - {"no", "none"} and _pronoun_clause(a, n):
        return n
    return None


def _thought_start(a: _Analysis, k: int) -> int:
    """Start the span at the subject: "I feel", "I've been feeling", "it feels", "it makes me feel"."""
    words = a.doc.words
    m = k - 1
    while m >= 0 and (words[m] in _AUX or words[m] in _ADVERBS):
        m -= 1
    if m < 0:
        return k
    if words[m] in _OBJECT_SELF and m > 0 and words[m - 1] in _CAUSATIVE:
        return m - 1
    if words[m] in _SELF | _SELF_CONTRACTED | _DUMMY | _DUMMY_CONTRACTED | _OBJECT_SELF:
        return m
    return k


def _starts_clause(a: _Analysis, n: int) -> bool:
    """After "feel that": "you never...", "this relationship is..." but not "that way", "that pain"."""
    doc = a.doc
    head = doc.word(n)
    if (
        head in _words("way too pain a an in at about much deeply strongly")
        or head in _BOUNDARY
        or head == ","
    ):
        return False
    if head in ("this", "it", "that", "these", "those"):
        return doc.word(n + 1) in _VERBISH or _verb_within(a, n + 2, 3)
    if head in _CLAUSE_SUBJECTS:
        return True
    return n < len(doc) and doc.toks[n].upper  # a name: "I feel that Sam..."


def _verb_within(a: _Analysis, n: int, span: int = 4, *, loose: bool = False) -> bool:
    """A verb soon after n, before the clause ends; loose also accepts any past-tense looking word."""
    doc = a.doc
    for k in range(n, min(len(doc), n + span)):
        word = doc.words[k]
        if word in _BOUNDARY or word == ",":
            return False
        if word in _VERBISH or word.endswith("n't"):
            return True
        if loose and (word.endswith("ed") or word in _IRREGULAR_PAST or word in _BE):
            return True
    return False


def _like_clause(a: _Analysis, n: int) -> bool:
    """After "feel like": a clause with its own subject is a thought; "a walk", "crying" are not."""
    doc = a.doc
    head = doc.word(n)
    if head in _BOUNDARY or head in (",", "a", "an"):
        return False
    hit = a.hit_starting_at.get(n) or a.hit_starting_at.get(n - 1)
    if hit is not None and hit.entry.kind == "wheel" and hit.entry.tokens[0] != "i":
        return False  # "like an outsider", "like crap": a feeling
    if head.endswith("ing") and head not in ("nothing", "everything", "something"):
        return False  # "like crying", "like going for a walk": an urge
    if head in ("i", "i'm", "i've", "i'd", "i'll", "we", "we'd"):
        return not _LIKE_URGE.match(" ".join(doc.words[n : n + 4]))
    if head in _LIKE_SUBJECTS:
        return head != "no" or doc.word(n + 1) == "one"
    if head in ("this", "that", "it"):
        return doc.word(n + 1) in _VERBISH
    if head in _DETERMINERS:
        return _verb_within(a, n + 1)
    return n < len(doc) and doc.toks[n].upper and _verb_within(a, n + 1, 3)


def _pronoun_clause(a: _Analysis, n: int) -> bool:
    """ "I feel you never listen": a pronoun then a verb, rather than "I feel you" (I understand)."""
    doc = a.doc
    head, nxt = doc.word(n), doc.word(n + 1)
    if "'" in head:  # you're, it's, they've: the verb is already there
        return head != "i'm" or nxt not in _BOUNDARY
    if nxt in _BOUNDARY or nxt == ",":
        return False
    looks_verb = nxt.endswith(("s", "ed")) and nxt not in _words("is as was this us guys yes")
    return nxt in _VERBISH or nxt.endswith("n't") or looks_verb


# --- statements: blame -----------------------------------------------------------------------------

# After "you always": praise, not blame ("you always make me laugh", "you're always there for me").
_PRAISE_AFTER = _words(
    """laugh laughing smile smiling help helps helped support supported supportive know knows kind
    patient generous thoughtful there remember remembered listen listens listened cheer encourage
    encourages believe believes care cares caring find finds manage manages amaze amazes inspire
    inspires calm calms forgive forgives brighten brightens back nice nicest lovely kindest sweet
    sweetest best beautiful perfect wonderful amazing funny brilliant gentle surprise surprises
    spoil spoils welcome clever smart talented strong brave fair honest reliable good great
    favourite favorite"""
)
_PRAISE_STEMS = frozenset(stem(w) for w in _PRAISE_AFTER)
# After "you never": a fault avoided is praise ("you never complain", "you're never late").
_PRAISE_AFTER_NEVER = _words(
    """complain complains complained judge judged fail fails failed give gave gives yell yelled
    criticize criticise criticized criticised lie lied let miss forget forgot raise raised hurt
    blame blamed quit quits late rude mean boring unkind cruel grumpy selfish lazy cold impatient
    wrong harsh moody judgmental judgemental"""
)
# What "you make me ..." is followed by when it hands over responsibility for a bad feeling.
_MADE_ME = _words(
    """want cry scream doubt question hate look sound lose regret crazy mad sick insane nervous
    wonder second-guess angry furious miserable feel feeling so really very too"""
)
_PEJORATIVE = (
    r"selfish|lazy|inconsiderate|rude|thoughtless|careless|useless|cold|mean|controlling|"
    r"manipulative|ridiculous|impossible|unbelievable|pathetic|childish|immature|dramatic|crazy|"
    r"insane|a jerk|an idiot|an asshole|a nightmare|stupid|hopeless|irresponsible|unreliable|"
    r"heartless|cruel|toxic|insensitive|self-centered|self-centred|a narcissist|a liar|negative|"
    r"impossible to talk to|too much"
)
_BLAME_ALWAYS = _rx(
    r"(you|you're|you are|you've|you have) (just |literally |honestly |seriously )?"
    r"(?P<adverb>always|never|constantly|continually|forever|don't ever|do not ever|never ever)"
)
_BLAME_MAKE = _rx(
    r"you (always |never |just |really |keep |constantly )?(make|makes|made|are making|'re making|"
    r"keep making|kept making) me"
)
_BLAME_VERDICT = _rx(
    r"because of you(?! (and|for))|"
    r"(it's|this is|that's|it is|it was|this was|all) (all |totally |completely |entirely )?"
    r"your fault|"
    r"you (ruin|ruined|ruins|wreck|wrecked|destroy|destroyed|spoil|spoiled|spoilt)|you're ruining|"
    r"(you're|you are) the (reason|problem|one who ruined)|"
    r"(you're|you are|you were|you've been|you're being|you are being) (so |such |such a |"
    r"such an |really |just |being |always |completely |totally |a |an )*(" + _PEJORATIVE + r")|"
    r"(how|why) could you|why can't you|why do you always|why don't you ever|why would you|"
    r"what's wrong with you|what is wrong with you|(could|can) you be any (more|less)|"
    r"(could|can) you be (more|less|even more) (" + _PEJORATIVE + r")|"
    r"you (should|shouldn't|should not) have(?! (seen|heard|been there))"
)
# "You don't even care": mind-reading delivered as a verdict.
_BLAME_MIND_READING = _rx(
    r"you (don't|do not|won't|never) (even |ever )?(care|listen|help|notice|"
    r"appreciate|respect|think about|try|get it|bother|consider|ask)"
)
_PRAISE_PHRASE = _rx(
    r"(make|makes|find|finds|have|has) time for (me|us)|(have|got) my back|put (me|us) first|"
    r"know (how|what|when) to|(bring|brings|make|makes|cook|cooks) (me|us) (tea|coffee|breakfast|"
    r"dinner|lunch|flowers|something)|(check|checks) (on|in with) (me|us)|(hug|hugs|kiss|kisses) me"
)
_PRAISE_LATER = _rx(
    r"(which|and|that's something) i (really |just |so )?(love|appreciate|admire|adore)|"
    r"i (love|appreciate|admire|adore) (that|it|how|this)|thank you|thanks|i'm (so )?grateful"
)
_BLAME_MESSAGE = "This can land as blame, and blame usually gets a defence instead of a hearing."
_VERDICT_SUGGESTION = "Describe what happened and how it left you, without the verdict."


def _blame(a: _Analysis, out: _Collector, thoughts: list[tuple[int, int, int]]) -> None:
    """Generalisations and verdicts about the other person: "you always", "your fault"."""
    doc = a.doc

    def add(i: int, j: int, suggestion: str) -> None:
        # Inside "I feel like you never listen" the thought finding already says it, more usefully.
        if not any(start <= i < end for start, _, end in thoughts):
            out.add("blame", i, doc.clause_end(j - 1, soft=True), _BLAME_MESSAGE, suggestion)

    for i, j, m in doc.search(_BLAME_ALWAYS):
        after = doc.words[j : doc.clause_end(j)]
        negative = bool({"never", "ever"} & set(m.group("adverb").split()))
        if negative and after[:1] and after[0] in ("stop", "stops", "cease", "fail", "fails"):
            negative, after = False, after[1:]  # "you never stop surprising me" means always
        if _praised_later(a, i) or " ".join(after[:2]) in ("know ,", "know .", "know", "can tell"):
            continue  # "you're never late, which I love"; "you never know"
        if negative:
            if after and (after[0] in _PRAISE_AFTER_NEVER or _praise(after[:1])):
                continue
        elif _praise(after[:6]) or _PRAISE_PHRASE.match(" ".join(after)) or _positive_feeling_in(a, j, j + 6):
            continue
        add(i, j, "Swap \u201calways\u201d or \u201cnever\u201d for one specific time and how it felt.")
    for i, j, _ in doc.search(_BLAME_MAKE):
        if _positive_feeling_in(a, j, j + 5) or _praise(doc.words[j : j + 4]):
            continue  # "you make me feel safe", "you made me feel so welcome"
        if doc.word(j) not in _MADE_ME and not _names_a_bad_feeling(a, a.hit_starting_at.get(j)):
            continue  # "you made me dinner", "you made me miss my train"
        add(i, j, "Own the feeling: \u201cI feel \u2026 when \u2026\u201d.")
    for i, j, m in doc.search(_BLAME_VERDICT):
        text = m.group()
        if text.startswith("because") and _positive_feeling_in(a, *doc.sentence_of(i)):
            continue  # "I'm happy because of you"
        if "fault" in text and (doc.negated_before(i + 2, 3) or "not" in doc.words[i:j]):
            continue  # "it's not your fault"
        if text.startswith(("you're the reason", "you are the reason")) and _positive_feeling_in(a, j, j + 6):
            continue
        if text.startswith(("how could", "why could")) and doc.word(j) in ("i", "we"):
            continue
        add(i, j, _VERDICT_SUGGESTION)
    for i, j, _ in doc.search(_BLAME_MIND_READING):
        add(i, j, _VERDICT_SUGGESTION)


def _praise(words: list[str]) -> bool:
    return any(w in _PRAISE_AFTER or stem(w) in _PRAISE_STEMS for w in words)


def _praised_later(a: _Analysis, i: int) -> bool:
    """After the clause, the same sentence says the writer loves it or is grateful for it."""
    _, end = a.doc.sentence_of(i)
    return bool(_PRAISE_LATER.search(" ".join(a.doc.words[a.doc.clause_end(i) : end])))


def _positive_feeling_in(a: _Analysis, i: int, j: int) -> bool:
    for hit in a.hits:
        if i <= hit.i < j and hit.entry.kind == "wheel" and a.valence.get(hit.entry.word, 0.0) >= 0.2:
            return True
    return any(w in _words("laugh smile better happy safe loved") for w in a.doc.words[i:j])


def _names_a_bad_feeling(a: _Analysis, hit: _Hit | None) -> bool:
    if hit is None or hit.entry.kind == "vague":
        return False
    if hit.entry.kind == "faux" or len(hit.entry.tokens) > 1:
        return True
    role = _role(a.doc.words[hit.i], hit.entry, a.doc.toks[hit.i].stem)
    return role in ("adj", "feel_only") and a.valence.get(hit.entry.word, 0.0) < 0.2


# --- statements: situation, need, request ------------------------------------------------------------

_SITUATION = _rx(
    r"when|whenever|every time|everytime|each time|any time|anytime|the moment|as soon as|now that|"
    r"after|before|since|the day|the night|the time|last time|in front of|during|yesterday|"
    r"last night|last week|this morning|this evening|earlier today|on (monday|tuesday|wednesday|"
    r"thursday|friday|saturday|sunday)"
)
_CLAUSE_TRIGGERS = frozenset(
    [
        "whenever",
        "every time",
        "everytime",
        "each time",
        "any time",
        "anytime",
        "the moment",
        "as soon as",
        "now that",
    ]
)
# "I don't know when", "I'll tell you when": a when that asks or promises, not a moment.
_WHEN_NOT_AFTER = _words(
    """know knew wonder wondering ask asked asking tell told sure idea decide decided understand
    remember see say said since until"""
)
_AFTER_NOT_AFTER = _words(
    """look looks looked looking take takes took taking ask asked named go went going chase ran run
    day week year month time morning night right soon long shortly just"""
)
_PEOPLE_OPENERS = _words(
    "you you're you've you'd i i'm i've i'd he she they we he's she's they're we're your my"
)
# "since I need", "since you asked": since as because, not a moment.
_SINCE_CAUSAL = _words(
    "need needs value values want wants care cares think thinks know knows feel feels asked"
)


def _situations(a: _Analysis, out: _Collector, excluded: list[tuple[int, int]], feeling_at: set[int]) -> None:
    """ "When you...", "every time...", "after the party": the moment it happens, without a verdict.

    A bare time phrase ("after long days", "since the funeral") counts only in a sentence that names
    a feeling, where it says when the feeling comes; on its own it is just scheduling.
    """
    doc = a.doc
    for i, j, m in doc.search(_SITUATION):
        trigger, before, nxt = m.group(), doc.word(i - 1), doc.word(j)
        if any(s <= i < e for s, e in excluded) or nxt in _BOUNDARY or nxt == ",":
            continue
        start, end = doc.sentence_of(i)
        felt = any(start <= k < end for k in feeling_at)
        if trigger == "when":
            if set(doc.words[max(0, i - 3) : i]) & _WHEN_NOT_AFTER or nxt in _AUX - {"you", "i"}:
                continue
            if nxt in _OPEN_START or nxt in ("possible", "needed", "necessary", "in", "ever", "appropriate"):
                continue
            if nxt in ("it", "it's") and doc.word(j + 1) == "comes":
                continue  # "when it comes to money"
            clause_end = doc.clause_end(j)
            if clause_end - j <= 2 and doc.word(clause_end - 1) in _AUX:
                continue  # "...when you are." is an ellipsis
        elif trigger in ("after", "before", "since", "during"):
            vague_start = nxt in ("all", "a", "which", "then", "that", "this", "now")
            felt_that = nxt in ("that", "this") and felt and doc.word(j + 1) not in _BOUNDARY | {","}
            if (before in _AFTER_NOT_AFTER or vague_start) and not felt_that:
                continue  # "look after", "after all"; but "since that night, I've felt..." is a moment
            if trigger == "since" and (
                nxt in ("then", "when", "forever", "ever") or doc.word(j + 1) in _SINCE_CAUSAL
            ):
                continue
            clause = nxt in _PEOPLE_OPENERS and _verb_within(a, j + 1, 3, loose=True)
            gerund = nxt.endswith("ing") and nxt not in _words("morning evening nothing something everything")
            comma = doc.clause_end(j)
            setting = (
                i == doc.clause_start(i) and doc.word(comma) == "," and doc.word(comma + 1) in _PEOPLE_OPENERS
            )
            if not (clause or gerund or felt or setting) or (trigger == "before" and not felt):
                continue  # "after the argument, I..." sets a scene; "I'll decide after dinner" does not
        elif trigger in ("the day", "the night", "the time", "last time"):
            if nxt not in _PEOPLE_OPENERS:
                continue
        elif trigger != "in front of" and trigger not in _CLAUSE_TRIGGERS:
            # a time phrase: only when it opens a clause about someone doing something
            if i != doc.clause_start(i) and before not in ("and", "but", "so"):
                continue
            k = j + 1 if nxt == "," else j
            if doc.word(k) not in _PEOPLE_OPENERS and doc.word(k) not in ("when", "at"):
                continue
        end = _situation_end(a, j)
        if end - i >= 2:
            out.add(
                "situation",
                i,
                end,
                "You anchored it in a specific moment, which keeps it about what happened.",
            )


def _situation_end(a: _Analysis, j: int) -> int:
    """The moment ends where the writer comes back in: "when you left, | I felt..."."""
    doc = a.doc
    k = j
    while k < len(doc):
        word = doc.words[k]
        if word in _BOUNDARY or word == ",":
            break
        back = word in _words("i i'm i've i'd i'll because so and but could would can please")
        if k - j >= 2 and (
            back or (word == "it" and doc.word(k + 1) in _words("makes made feels felt hurts hurt"))
        ):
            break
        k += 1
    return max(k, j + 1)


def _need_pattern(needs: Iterable[str]) -> re.Pattern[str]:
    """Naming what matters: "because I need...", "honesty matters to me", "I value...".

    The wheel's own needs list supplies the nouns, so "I need reassurance" counts while "we need
    milk" and "I need to leave by six" do not.
    """
    nouns = "|".join(sorted((re.escape(n) for n in needs), key=len, reverse=True))
    softeners = r"(really |just |also |truly |do |deeply |honestly |still )?"
    wants = r"(want|would like|would love|wish|need)|(i'd|we'd) (really )?(like|love)"
    return _rx(
        r"(because|since|as|'cause|cause|cos|coz) (i|we) " + softeners + r"(need|value|want|"
        r"care about|care|long for|crave|depend on|rely on)|"
        r"(i|we) " + softeners + r"(need|value|crave|long for) (some|more|a bit of|a little|"
        r"a sense of|a lot of|real|to feel|to know|to be|to trust|to hear|to matter|time|space|"
        r"help|your|us|reassurance|support|encouragement|connection|closeness|a break|a hug|"
        r"a minute|a moment|a rest|a breather|a day off|a night off|a hand|an evening|a change|"
        + nouns
        + r")|(i|we) "
        + softeners
        + r"value|"
        r"(it|this|that|which|they|these|both|" + nouns + r") (really |truly |genuinely |just |"
        r"also )?(matters|matter|means a lot|mean a lot|means so much|mean so much|"
        r"means everything|mean everything|is important|are important|is so important|"
        r"is really important|is very important) to (me|us)|"
        r"(it's|it is|that's|that is|this is) (really |so |very |just )?(important|a big deal) "
        r"to (me|us)|matters (a lot |so much )?to (me|us)|important to (me|us)|"
        r"means (a lot|so much|everything) to (me|us)|"
        r"what i (really |actually )?(need|want) (is|from you)|"
        r"(i|we) " + softeners + r"(" + wants + r") (to feel|to know|to be|to trust|to matter)|"
        r"(i'd|we'd) (really )?(like|love) (to feel|to know|to be|to trust|to matter)|"
        r"(i|we) (really |deeply |truly )?care (a lot |so much |deeply )?about|"
        r"my need (for|to)|a need for|"
        r"(i|we) " + softeners + r"(" + wants + r") (more|some) (" + nouns + r")"
    )


_NEED_PATTERNS: weakref.WeakKeyDictionary[Wheel, re.Pattern[str]] = weakref.WeakKeyDictionary()


def _needs(a: _Analysis, out: _Collector) -> None:
    pattern = _NEED_PATTERNS.get(a.wheel)
    if pattern is None:
        pattern = _NEED_PATTERNS[a.wheel] = _need_pattern(a.wheel.data.needs)
    doc = a.doc
    for i, j, m in doc.search(pattern):
        text = m.group()
        explains = text.startswith(("because", "since", "as ", "cause", "'cause", "cos", "coz"))
        # A "because" clause carries its own negation; elsewhere look just before: "I don't need".
        if (not explains and doc.negated_before(i, 3)) or any(
            w.endswith("n't") or w in ("not", "never") for w in doc.words[i:j]
        ):
            continue
        if text.startswith("as ") and doc.word(i - 1) in ("as", "just", "such", "same"):
            continue
        message = "You named what matters to you underneath, which gives them something to meet."
        out.add("need", i, doc.clause_end(j - 1, soft=True), message)


_REQUEST = _rx(
    r"(please )?(would|could|can|will|won't) (you|we)( please)?|(can|could|may) i|"
    r"would it be (ok|okay|alright|all right|possible)|is it (ok|okay|alright|all right) if (we|i)|"
    r"are you (willing|open|up for|ok with|okay with)|how (about|would you feel about) (we|us|if)|"
    r"what if we|maybe we (could|can)|"
    r"(i'd|i would) (really )?(like|love|prefer|appreciate it|appreciate) (it )?(if |for |when )?"
    r"(you|you'd|you'll|you're|us|we|we'd|we're)|"
    r"i'm asking (you|that|if)|(i|we) (really )?want us to|(i'd|i would) (like|love) to ask|"
    r"it would (really |so |mean a lot |help )?(help|mean a lot|mean so much|be great|be lovely)"
    r"( to me| me)? if (you|we)|let's|let us|please"
)
# Words that may come before a request in its clause: "so", "next time", "honey".
_REQUEST_LEAD = _words(
    """so and but please then now maybe honestly also tonight next time okay ok well just love babe
    hey perhaps instead sometimes this weekend from on going forward in future the tomorrow today
    sweetheart honey darling mate"""
)
_RHETORICAL = _words("ever even believe imagine possibly seriously")
# A sentence that opens with one of these verbs and a person is an ask: "Call me when you land."
_ASK_VERBS = _words(
    """call text tell let give ask come help hold hug listen wait remind meet join show sit talk
    pick bring check message ring phone"""
)
_ASK_OBJECTS = _words("me us with to")
_SARCASTIC_ASK = _rx(r"be (any |even )?(more|less) (" + _PEJORATIVE + r")")
# After "would you be": a state you can choose ("willing", "okay with") rather than a guess ("upset").
_CHOOSABLE = _words("willing open able up okay ok more a kinder gentler patient there home around honest")
_PAST_PARTICIPLE = _words("done been known said thought gone seen felt told heard")


def _requests(a: _Analysis, out: _Collector) -> list[tuple[int, int]]:
    """ "Would you...", "can we...", "I'd like us to...": something concrete they can say yes to.

    Returns the clauses the requests cover, so feelings and moments inside them can be left alone.
    """
    doc = a.doc
    spans: list[tuple[int, int]] = []
    for i, j, m in doc.search(_REQUEST):
        text = m.group()
        lead = doc.words[doc.clause_start(i) : i]
        end = doc.clause_end(j - 1, soft=False)
        body = doc.words[j:end]
        verb = body[0] if body else ""
        if any(w in ("because", "since", "cause", "'cause") for w in lead):
            continue  # "because I want us to be a team" explains a need
        asks = text.startswith(("would", "could", "can", "will", "won't", "please ", "may"))
        if asks and not all(w in _REQUEST_LEAD for w in lead):
            continue  # "why would you", "how could you": not asking for anything
        if text == "please" and (not all(w in _REQUEST_LEAD for w in lead) or verb in _BOUNDARY | {",", ""}):
            continue
        if any(w in _RHETORICAL for w in body[:4]) or "for once" in " ".join(body):
            continue
        if body[:2] == ["look", "at"] and doc.word(j + 2) in _words("that this him her them you"):
            continue  # "would you look at that!"
        if asks:
            if verb == "be" and (len(body) < 2 or body[1] not in _CHOOSABLE):
                continue  # "would you be upset if...": a question about them
            if _SARCASTIC_ASK.match(" ".join(body)):
                continue  # "could you be more selfish?"
            if verb in ("think", "believe", "imagine", "feel", "you", "i", "rather", "know", "guess"):
                continue
            if verb == "say" and doc.word(j + 1) in _CLAUSE_SUBJECTS | _words("so that"):
                continue  # "would you say you're happy?" asks an opinion
            if verb == "have" and len(body) > 1 and (body[1] in _PAST_PARTICIPLE or body[1].endswith("ed")):
                continue  # "would you have done the same?"
        if text.startswith(("let's", "let us")) and " ".join(body[:2]) in (
            "be honest",
            "face it",
            "be real",
            "not kid",
            "see what",
        ):
            continue
        if out.add("request", i, end, "You asked for something they can actually do.") is not None:
            spans.append((i, doc.clause_end(j - 1, soft=True)))
    for start, end in doc.sentences():
        k = start
        while k < end and doc.words[k] in _REQUEST_LEAD - {"the", "this", "in", "on", "from"}:
            k += 1
        verb, obj = doc.word(k), doc.word(k + 1)
        if verb in _ASK_VERBS and obj in _ASK_OBJECTS and (verb != "let" or doc.word(k + 2) == "know"):
            stop = doc.clause_end(k, soft=False)
            if out.add("request", k, stop, "You asked for something they can actually do.") is not None:
                spans.append((k, doc.clause_end(k, soft=True)))
    return spans


# --- listening ---------------------------------------------------------------------------------------

_FIXING = _rx(
    r"(you|u) (really |just |honestly |seriously |probably |definitely |totally |absolutely )?"
    r"(should|ought to|oughta|need to|have to|'ve got to|gotta|must|better|had better|'d better|"
    r"might want to|may want to|could try|can always|could always|could just|can just) "
    r"(?!(be|feel|have been|know|hear|have felt|have to|been|not|never)(?![^ ])|"
    r"have seen (the|his|her|their|my|your|how))[a-z']+|"
    r"(you|u) (should|shouldn't|should not) (be|feel) (more|less|careful)|"
    r"you (shouldn't|should not) (let|take|say|go|do|give|put|waste|listen|worry|care|bother)|"
    r"why (don't|do not) you(?! (tell|talk to me|say more|come here|sit))|why not( just)?|"
    r"how about (?!you (\?|\.|!|,)|you$)[a-z']+|"
    r"what about (just |[a-z]+ing)|"
    r"what if you (just )?(?!(are|were|'re|feel|felt|can't|don't|never|want|need)(?![^ ]))[a-z']+|"
    r"have you (tried|thought about|considered|thought of|looked into|talked to|spoken to|asked)|"
    r"did you (try|think about|consider|talk to|ask|tell)|(have|did) you (just )?tried|"
    r"if i (were|was) you|if i were in your shoes|"
    r"what you (need|have|should|ought|want|got) to do|"
    r"the (best|only|easiest|smart|smartest) (thing|move|way) (to do|you can do|is)|my advice|"
    r"here's what (you|i'd|to)|the (trick|key|answer|solution) is|all you (need|have|got) to do|"
    r"i('d| would) (just )?(tell|talk to|ask|quit|leave|say|go|call|text|ignore|report|get|try|"
    r"start|stop|look|find|speak|block|delete|email|confront|move)|"
    r"i('d| would) have (just )?(walked|told|quit|left|said|gone|called|reported|ignored|screamed|"
    r"done|asked|complained|confronted)|"
    r"it (might|may|could|would) (help|be worth|be a good idea|be good|be smart|be better) "
    r"(to|if you)|make sure (you|to)|"
    r"don't let (him|her|them|it|that|people|this|anyone)(?! (get to|bother|upset) you)|"
    r"next time,? (you|try|just|tell|say|ask)|sleep on it|"
    r"(you|u) could (try|talk|ask|tell|say|quit|leave|go|call|text|get|look|write|speak|start|stop|"
    r"report|block|take|find|use|set|just|always|maybe|probably|send|book|join|check)|"
    r"(you|u) can (try|always|just)"
)
# "just" is advice only as an imperative: "Just block her", not "I just wanted to say".
_JUST_IMPERATIVE = _rx(
    r"just (don't |do not )?(ignore|tell|ask|talk|let|leave|quit|go|say|stop|walk|move|get|do|try|"
    r"give|call|text|"
    r"forget|focus|push|be|stay|take|make|put|block|report|delete|sleep|eat|apologize|apologise|"
    r"send|write|email|stand|brush|shake|keep|think|look|find|use|buy|plan|book|hire|power|suck|"
    r"deal|accept|drop|skip|unfollow|mute|avoid|confront)"
)
_ADVICE_IMPERATIVE = _rx(
    r"(try|start|stop|go|tell|talk|ask|call|text|quit|leave|ignore|block|report|get|take|make|"
    r"write|email|speak|book|sign|look|find|focus|think about|forget about|move on|let it go|"
    r"put|set|avoid|confront|apologise|apologize|delete|mute|unfollow|sign up|reach out)"
    r" (?!(your time|care|to me|me|being|feeling|crying|worrying|not to (be|feel|get|worry|think))"
    r"(?![^ ]))(to|him|her|them|it|that|"
    r"a|the|some|yourself|your|on|about|with|up|out|less|more|over|talking|being|asking|telling|"
    r"going|getting|writing|taking|not|harder)"
)
_MINIMISING = _rx(
    r"at least|"
    r"(it's|that's|it is|this is|that is|it was|this was) (honestly |really |just |actually )?"
    r"(not|never) (really |such |that |even |honestly |exactly )?(a |that |so |too )?(big deal|"
    r"huge deal|bad|serious|the end of the world|worth (it|getting upset|crying|worrying|stressing|"
    r"being upset|the stress|the tears))|"
    r"(it|that|this) (isn't|wasn't|is not|was not) (really |such |that |even |exactly )?(a |that |"
    r"so |too )?(big deal|huge deal|bad|serious|the end of the world)|"
    r"(doesn't|does not|didn't|did not) (sound|seem|look) (that|so|too|very|all that) "
    r"(bad|serious|terrible|big)|"
    r"no big deal|not a big deal|not that big (a|of a) deal|what's the big deal|"
    r"(calm|settle) down|(just |you need to |you should |try to )relax|chill out|"
    r"don't (worry|stress|fret|be sad|be upset|be so|be silly|be dramatic|cry|get upset|"
    r"take it (so )?personally|overthink|dwell|sweat it|let it get to you|let it bother you)|"
    r"stop (crying|worrying|stressing|overthinking|dwelling|complaining)|cheer up|"
    r"(it |things )?(could (be|have been|'ve been)|could've been) worse|look on the bright side|"
    r"the bright side|silver lining|everything happens for a reason|(it'll|it will|things will|"
    r"you'll|you will|everything will|it's going to|it'll all) (all )?(be|turn out) (fine|okay|ok|"
    r"alright|all right|good)|(you're|you are) (just |being )?(overreacting|too sensitive|"
    r"so sensitive|over-sensitive|oversensitive|being dramatic|so dramatic|too dramatic|"
    r"making a big deal|blowing (it|this) out)|overreacting|too sensitive|"
    r"(making|make|made) (such )?a (big |huge )?deal (out )?of|"
    r"(you're|you are) (just|only|simply) (tired|hungry|stressed|hormonal|overtired|being silly|"
    r"being dramatic|overthinking|in a mood)|"
    r"get over it|(just )?move on|shake it off|(it |that |this )?happens to (everyone|everybody|"
    r"all of us|the best of us)|it happens|everyone (goes through|feels|has|gets)|(other people|"
    r"others|some people|lots of people|people) have it (much |way |far |a lot )?(worse|harder)|"
    r"worse things|it's only|it was only|it's just a|it was just a|no need to (be|get|feel)|"
    r"forget about it|you'll get over it|time heals|you won't even remember|"
    r"(it's|that's) (nothing|fine|ok|okay)(?! to)|not worth (it|getting|the)|"
    r"you think too much|you're overthinking|it's all in your head|(these |such )?things happen|"
    r"shit happens|it is what it is|that's life|such is life|you'll (laugh|look back) (about|on)|"
    r"one day you'll (laugh|look back)|who cares|(are|is) all like that|"
    r"what's the point (in|of) (worrying|getting upset|being upset|stressing|crying|dwelling)|"
    r"(it's|that's) (just )?(how it is|how it goes|the way it is|how they are|what they're like)|"
    r"(he'll|she'll|they'll|we'll|he will|she will|they will) (all )?be (fine|okay|ok|alright|all right)|"
    r"don't let (it|him|her|them|that|this|people|anyone) (get to|bother|upset) you|"
    r"are you sure (you're|you are|it's|it was|that's|"
    r"you weren't|you aren't|he meant|she meant|they meant)|you're (probably )?just (tired|hungry)"
)
# Telling someone not to feel what they feel: "don't feel guilty", "you shouldn't be so upset".
_FORBID = _rx(
    r"(don't|do not|you shouldn't|you should not|no need to|there's no need to|stop|try not to) "
    r"(feel|be|feeling|being|get|getting)( so| too| that)?"
)
_SELF_FOCUS = _rx(
    r"i (didn't|did not|never) mean|i never meant|i was (just|only) (trying|joking|saying|being|"
    r"asking)|that's not what (happened|i said|i meant)|that (isn't|is not) what (happened|i)|"
    r"that's not (true|fair)|that is not (true|fair)|(it's|that's) not my fault|"
    r"(it|that) (wasn't|was not|isn't|is not) my fault|i (didn't|did not) do anything|"
    r"i did (my|the) best|i('m| am) the one (who|that)|(when|the time) "
    r"(that|this|something like that|the same thing) happened to me|"
    r"(the )?same (thing )?happened to me|that (happened|happens) to me|that reminds me|"
    r"reminds me of (when|the time|my)|when i was (your age|a kid|younger|at|in)|"
    r"i had (the same|a similar|something similar|that happen)|i know exactly how you feel|"
    r"i went through|i('ve| have) been there|me too|i (have|had) it (worse|bad|harder|rough|tough)|"
    r"happened to me|what about (me|how i|my|what i)|"
    r"you think (that's|that is) bad|you're not the only one|try being me|"
    r"(i|i've|i have) had a (long|hard|rough|bad|terrible|crazy|awful|horrible) (day|week|time|"
    r"year|month) too|i('ve| have) had a (long|hard|rough|bad|terrible|crazy|awful) (day|week)|"
    r"(my|our) [a-z']+ (does|did|is|was|has been|had it) (way |much |even )?(worse|harder)|"
    r"(does|did) (way |much |even )?worse|i never said|i didn't say|i only said|i just said|"
    r"(you're|you are|why are you|stop|don't) blam(e|ing) me|not my problem|"
    r"i (can't|cannot) deal with this (right )?now|i don't have time for this|"
    r"i('m| am) (tired|stressed|exhausted|busy) too|i (also|too) (had|have|felt|feel)|"
    r"i remember when i|back when i|enough about|i('m| am) sorry( ,)? but|i was (just )?trying to|"
    r"you always (do|say) this|i (felt|feel|was|did|went through|had) (exactly |just )?the same|"
    r"(my|our) [a-z']+ (had|has|went through|did) (the same|something similar|that too|it too)|"
    r"same here|i (got|had|was|get|have been|'ve been|went through) [a-z' ]{1,40} too(?= (\.|!|,)|$)|"
    r"(my|our) (day|week|month|year|morning|night|boss|job|commute) (was|is|has been) [a-z' ]{1,30} too"
    r"(?= (\.|!|,)|$)|(i wasn't|i was not|i'm not|i am not) trying to|"
    r"(it|that) (wasn't|isn't|was not|is not) like that|twisting my words|putting words in my mouth|"
    r"i remember (feeling|being|going through) (like )?(that|this|the same)"
)
# Telling their story with yours: "When my dad died, I went straight back to work."
_STORY = _rx(r"(when|after|back when|the time|once) (i|i'm|i was|my|me and)")
# How hard something is, as a listener reflects it back: "that sounds exhausting".
_HARD = (
    r"hard|difficult|awful|painful|rough|tough|exhausting|stressful|scary|frightening|lonely|"
    r"frustrating|upsetting|heartbreaking|horrible|terrible|overwhelming|heavy|brutal|unfair|"
    r"miserable|infuriating|maddening|humiliating|embarrassing|confusing|draining|devastating|"
    r"hurtful|isolating|disappointing|discouraging|demoralising|demoralizing|gutting|worrying|"
    r"terrifying|unsettling|nerve-wracking|shitty|crappy|rubbish|lousy|sad|intense|a lot|so much|"
    r"exciting|amazing|wonderful|incredible"
)
_VALIDATING = _rx(
    r"(?<![a-z] )(sounds|sounded) (like )?(a |an |really |so |pretty |very |super |such )*(" + _HARD + r")|"
    r"you (sound|seem|look) like (you're|you've|you were|you had|you need a hug)|"
    r"(it )?sounds like (you|you're|you've|you were|it|that|it's|it was|a lot|so much|you had|"
    r"things|your|they|he|she|there)(?! (need|should|just|have to|could|might want|problem))|"
    r"(that|this|it) (sounds|sounded|seems|seemed) (like )?(a |an |really |so |incredibly |pretty |"
    r"very |super |absolutely |just |genuinely |honestly |truly |such )*(" + _HARD + r")|"
    r"(that|this|it) (must|must've|must have) (be|have been|feel|have felt|hurt|sting|have hurt|"
    r"have stung|be so|really)|"
    r"(that|this|it) (would|'d|would've|would have) (be|have been|feel) (so |really |pretty )?"
    r"(" + _HARD + r")|"
    r"(you|u) must (be|feel|have been|have felt)(?! (joking|kidding|mistaken|wrong|crazy))|"
    r"(that's|that is|it's|it is|that was|it was|this is|this has been|it's been|that's been) "
    r"(so |really |such |incredibly |pretty |very |super |absolutely |genuinely |just |a )*"
    r"(" + _HARD + r"|lot|big deal|huge|a big deal|understandable|completely understandable|"
    r"valid|completely valid|totally valid|normal|okay to feel|ok to feel|alright to feel|"
    r"natural)|"
    r"(how|what a|what an) (" + _HARD + r"|nightmare|week|day|mess|blow|shock)|"
    r"(that|it) makes (total |complete |so much |perfect |a lot of |absolute )?sense|"
    r"makes (total |complete |so much |perfect )?sense (that|you|why)|no wonder|"
    r"of course (you're|you are|you were|you feel|you felt|you'd|you would|you'll|that hurt|"
    r"it hurt|that hurts|it hurts)|i (can )?(totally |completely |really |fully )?(see|understand|"
    r"get) why|i can (only )?imagine|i hear (you|that|how|what|it)|"
    r"(i'd|i would|i'd have|i would have|anyone would|anybody would|anyone'd) (be|feel|have been|"
    r"have felt) [a-z' ]*(too|as well)|anyone would (be|feel)|anybody would (be|feel)|"
    r"you have every right|you've every right|your feelings (are|make)|"
    r"(it's|that's|it is|that is) (completely |totally |perfectly |absolutely )?(okay|ok|alright|"
    r"normal|natural|valid|understandable|fine) to (feel|be)|"
    r"i('m| am) (so |really |very |truly |just |deeply )*sorry (that|you|to hear|this|it|"
    r"for what|for your|about)(?! (feel|feel that way))|"
    r"i can (tell|see|hear) (you're|that|how|you|this|it|what|why|there)|"
    r"(you're|you are) (not|n't) (overreacting|crazy|wrong|alone|being dramatic|too sensitive|"
    r"being silly|silly)|i get it|(that|this) would (make|hurt|upset|get to|shake|rattle|"
    r"frustrate|wreck) anyone|your feelings are valid|you (shouldn't|should not) have to|"
    r"(that's|it's|this is|that is|it is) (not|no) (a )?(small|little|minor) (thing|deal)|"
    r"i('m| am) (so |really |very |truly |deeply )*sorry( , (love|babe|sweetheart|honey|darling|mate|"
    r"hun|my love))?(?= (\.|!)|$)|"
    r"(it's|that's|it is|that is) (not|n't) (silly|stupid|weird|crazy|dramatic|an overreaction|"
    r"unreasonable|petty|selfish)( at all)?"
)
_OPEN_START = _words("what what's how how's where which who what've")
# Invitations to say more that are not questions: "tell me more", "I'm curious about...".
_INVITATION = _rx(
    r"tell me (more|about|what|how|everything|all about)|"
    r"i'd love to hear (more|what|how|about)|i'm curious (about|what|how)|"
    r"i('d| would) like to (hear|know|understand) (more|what|how)|walk me through|"
    r"help me understand|say more"
)
_RHETORICAL_Q = _rx(
    r"how could (you|they|he|she|anyone|someone|people)|how many times|how hard can|how dare|"
    r"what were you thinking|what's wrong with you|what is wrong with you|what did you expect|"
    r"what's the big deal|what's your problem|what is your problem|what else is new|"
    r"how is (that|this|it) my|what do you want (from )?me|what about|what if you|how about|"
    r"what's the point|how come you (never|always|didn't|don't|can't)|what's it to you|"
    r"what did you do to|who cares|what did you think would happen|what were you expecting|"
    r"how do you think (i|that makes me)|how would you like it|who do you think|how was i supposed|"
    r"what am i supposed|what do you expect|why|what's done is done|what you (need|should|have)"
)
_WH_AUX = _words(
    """is was are were do does did can could would will should has have had happened made makes
    felt feels feel went goes 's helps help happen's"""
)
_EXCLAIM = _words(
    """awful hard frustrating lonely horrible terrible painful sad scary exhausting unfair
    infuriating humiliating embarrassing upsetting heartbreaking rough tough stressful wonderful
    exciting amazing great lovely cool nice annoying rude"""
)
# Words that can open a sentence without changing what it does: "So, just tell him."
_DISCOURSE = _words(
    """so and but then well honestly maybe look listen oh okay ok mate seriously just , ugh no
    wow ah aw aww hmm gosh god man hey um love babe"""
)
_FIX_MESSAGE = "This jumps to a fix; most people want to feel heard before they want advice."
_FIX_SUGGESTION = "Reflect what they feel first, then ask what would help."
_MINIMISE_SUGGESTION = "Let it be as big as it is for them: \u201cThat sounds really hard.\u201d"
_SELF_MESSAGE = "This turns the spotlight toward you for a moment."
_SELF_SUGGESTION = "Stay with their experience for now; your side can wait."
_OPEN_MESSAGE = "An open question invites them to keep talking."


def _listening(a: _Analysis, out: _Collector, feelings: list[str]) -> None:
    _fixing(a, out)
    _minimising(a, out)
    _self_focus(a, out)
    _validating(a, out, feelings)
    _questions(a, out)


def _fixing(a: _Analysis, out: _Collector) -> None:
    doc = a.doc
    for i, j, m in doc.search(_FIXING):
        if not doc.negated_before(i, 2) or m.group().startswith(("why", "don't")):
            out.add("fixing", i, doc.clause_end(j - 1), _FIX_MESSAGE, _FIX_SUGGESTION)
    for i, j, _ in doc.search(_JUST_IMPERATIVE):
        lead = doc.words[doc.clause_start(i) : i]
        if all(w in _DISCOURSE for w in lead) or lead[-2:] == ["you", "could"]:
            out.add("fixing", i, doc.clause_end(j - 1), _FIX_MESSAGE, _FIX_SUGGESTION)
    openings = set()
    for start, end in doc.sentences():
        k = start
        while k < end and doc.words[k] in _DISCOURSE:
            k += 1
        openings.add(k)
    for i, j, _ in doc.search(_ADVICE_IMPERATIVE):
        if i in openings:  # "Tell your boss...", "Maybe try writing it down?"
            out.add("fixing", i, doc.clause_end(j - 1), _FIX_MESSAGE, _FIX_SUGGESTION)


def _minimising(a: _Analysis, out: _Collector) -> None:
    doc = a.doc
    for i, j, m in doc.search(_MINIMISING):
        text, nxt = m.group(), doc.word(j)
        if text.startswith(("overreacting", "too sensitive")) and doc.negated_before(i, 3):
            continue  # "you're not overreacting" validates
        if text == "it happens" and nxt not in _BOUNDARY and nxt != ",":
            continue
        if text == "at least" and (nxt in ("for", "i", "once") or doc.word(i - 1) in ("to", "could")):
            continue
        helped = doc.words[max(0, i - 2) : i] in (
            ["ready", "to"],
            ["able", "to"],
            ["help", "you"],
            ["time", "to"],
        )
        if text.endswith("move on") and (helped or doc.word(i - 1) in ("can", "could", "will")):
            continue  # "when you're ready to move on"
        window = doc.words[doc.clause_start(i) : i]
        if set(window) & _words("tell say ask saying telling") and any(_is_negator(w) for w in window):
            continue  # "I'm not going to tell you to calm down"
        out.add(
            "minimising",
            i,
            doc.clause_end(j - 1),
            "This shrinks the feeling, even when it's meant to comfort.",
            _MINIMISE_SUGGESTION,
        )
    for i, j, _ in doc.search(_FORBID):
        hit = a.hit_starting_at.get(j)
        if hit is None or hit.entry.kind == "faux":
            continue
        if hit.entry.kind == "wheel" and a.valence.get(hit.entry.word, 0.0) >= 0:
            continue  # "don't be shy" encourages
        out.add(
            "minimising",
            i,
            hit.j,
            "This asks them not to feel what they feel, which rarely makes it go away.",
            _MINIMISE_SUGGESTION,
        )


def _self_focus(a: _Analysis, out: _Collector) -> None:
    doc = a.doc
    for i, j, m in doc.search(_SELF_FOCUS):
        if m.group() == "me too" and doc.word(j) not in _BOUNDARY and doc.word(j) != ",":
            continue  # "me too much"
        out.add("self_focus", i, doc.clause_end(j - 1), _SELF_MESSAGE, _SELF_SUGGESTION)
    for start, end in doc.sentences():
        k = start
        while k < end and doc.words[k] in _DISCOURSE:
            k += 1
        story = _STORY.match(doc.canon, doc.offsets[k]) if k < end else None
        if story is None:
            continue
        rest = doc.words[doc.tokens_of(story)[1] : end]
        if any(w in ("i", "i'm", "i've", "i'd") for w in rest[1:]):
            stop = end - 1 if doc.words[end - 1] in _SENTENCE_END else end
            out.add("self_focus", k, stop, _SELF_MESSAGE, _SELF_SUGGESTION)


def _validating(a: _Analysis, out: _Collector, feelings: list[str]) -> None:
    doc = a.doc
    for i, j, m in doc.search(_VALIDATING):
        text = m.group()
        if doc.negated_before(i, 2) and not text.startswith(("you're not", "you are not")):
            continue
        if text == "i get it" and doc.word(j) == "but":
            continue
        end = doc.clause_end(j - 1)
        if " ".join(doc.words[j:end][:3]) in ("for me", "for me too", "to me"):
            continue  # "it was awful for me too" is about the listener
        if out.before_in_sentence("minimising", i):
            continue  # "stop crying, it's embarrassing" judges rather than reflects
        if "are you sure" in " ".join(doc.words[doc.clause_start(i) : i]):
            continue
        out.add(
            "validating", i, end, "You acknowledged what they feel, which is what helps most people open up."
        )
    _named_feelings(a, out, feelings)


def _named_feelings(a: _Analysis, out: _Collector, feelings: list[str]) -> None:
    """Naming what the speaker feels, theirs not yours: "you sound exhausted", "how humiliating".

    A word from ``feelings`` (what they probably feel) counts wherever it is named for them, even in
    a question ("were you humiliated?") or a fragment; any other wheel word needs a clear frame.
    """
    doc = a.doc
    wanted = {f.lower() for f in feelings}
    for hit in a.hits:
        if hit.entry.kind != "wheel":
            continue
        frame = a.frame(hit, listen=True)
        if frame.negated or frame.who == "self":
            continue
        if frame.aux & _words("should shouldn't ought need needs") or {"have", "to"} <= frame.aux:
            continue  # "you should be proud" is advice about a feeling, not noticing one
        clause = doc.words[doc.clause_start(hit.i) : hit.i]
        if any(w in ("don't", "stop", "never", "not") for w in clause) and frame.who != "you":
            continue  # "don't be sad"
        if doc.word(hit.i - 1) in ("just", "only", "simply"):
            continue  # "you're just tired" tells them what they feel, smaller
        asked = doc.word(doc.sentence_of(hit.i)[1] - 1) == "?"
        about_them = frame.who == "you" and frame.kind in ("be", "feel", "subj") and a.accepts(hit, frame)
        exclaimed = frame.kind == "frag" and doc.word(hit.i - 1) in ("how", "so", "such")
        it_feeling = (
            frame.who in ("it", "start")
            and frame.kind in ("be", "feel", "frag")
            and _it_feeling(a, hit)
            and (frame.kind != "frag" or exclaimed)
            and not out.before_in_sentence("minimising", hit.i)
        )
        if hit.entry.word in wanted or (not asked and frame.who != "other" and (about_them or it_feeling)):
            message = f"Naming {_quote(doc.span_text(hit.i, hit.j))} tells them you see what they feel."
            out.add("validating", hit.i, hit.j, message)


def _questions(a: _Analysis, out: _Collector) -> None:
    """Open questions ("what was that like?"); yes/no, "why didn't you" and rhetorical ones are not."""
    doc = a.doc
    words = doc.words
    for i, j, _ in doc.search(_INVITATION):
        wrapper = " ".join(words[doc.clause_start(i) : i])
        if re.search(r"(want to|can you|could you|would you|will you|don't you|why not)$", wrapper):
            continue  # "want to tell me more?" is a yes/no question
        end = doc.clause_end(j - 1, soft=False)
        out.add("question", i, end + 1 if doc.word(end) == "?" else end, _OPEN_MESSAGE)
    for start, end in doc.sentences():
        k = start
        while k < end and words[k] in _DISCOURSE:
            k += 1
        if k >= end or words[k] not in _OPEN_START:
            continue
        head, nxt = words[k], doc.word(k + 1)
        asked = words[end - 1] == "?"
        if not asked and nxt not in _WH_AUX:
            continue
        if _RHETORICAL_Q.match(" ".join(words[k:end])):
            continue
        if head in ("what", "how") and (nxt in ("a", "an") or nxt in _EXCLAIM):
            continue  # "what a mess", "how awful": exclamations
        if head in ("what", "how") and nxt in ("you", "i") and not asked:
            continue  # "what you need to do is..."
        out.add("question", k, end, _OPEN_MESSAGE)


# --- putting it together -------------------------------------------------------------------------------


def _statement_feedback(text: str, wheel: Wheel) -> Feedback:
    a = _Analysis(text, wheel)
    out = _Collector(a.doc)
    requests = _requests(a, out)
    named = _feelings(a, out, requests)
    thoughts = _thoughts(a, out)
    _blame(a, out, thoughts)
    # A "when" inside a request or a thought belongs to that ask or that generalisation.
    excluded = requests + [(start, end) for start, _, end in thoughts]
    feeling_at = {
        k
        for f in out.findings
        if f.kind in ("feeling_word", "vague_feeling", "faux_feeling")
        for k, tok in enumerate(a.doc.toks)
        if f.span[0] <= tok.start < f.span[1]
    }
    _situations(a, out, excluded, feeling_at)
    _needs(a, out)
    has = {kind: out.has(kind) for kind in STATEMENT_KINDS}
    parts = {
        "feeling": has["feeling_word"] or has["vague_feeling"],
        "situation": has["situation"],
        "need": has["need"],
        "request": has["request"],
    }
    missing = [part for part, present in parts.items() if not present]
    # The four parts make a whole statement; faux feelings, thoughts and blame each cost a little,
    # blame most, since it is the one most likely to start a fight.
    score = (
        (0.3 if has["feeling_word"] else 0.15 if has["vague_feeling"] else 0.0)
        + 0.2 * has["situation"]
        + 0.25 * has["need"]
        + 0.25 * has["request"]
        - 0.1 * has["faux_feeling"]
        - 0.15 * has["thought_as_feeling"]
        - 0.3 * has["blame"]
    )
    worked: list[str] = []
    if has["feeling_word"]:
        worked.append(f"You named a feeling: {_join(list(dict.fromkeys(named.wheel)), 'and')}.")
    if any(_fold(f.text).startswith("not") or "myself" in _fold(f.text) for f in out.of("vague_feeling")):
        worked.append("Saying you're not okay is a real disclosure; it takes courage.")
    if has["situation"]:
        worked.append("You tied it to a specific moment, which keeps it concrete.")
    if has["need"]:
        worked.append("You said what matters to you.")
    if has["request"]:
        worked.append("You asked for something doable.")
    try_instead: list[str] = []
    vague = out.of("vague_feeling")
    if vague and not has["feeling_word"]:
        try_instead.append(f"Swap {_quote(vague[0].text)} for a sharper word. {vague[0].suggestion}")
    faux = out.of("faux_feeling")
    if faux:
        try_instead.append(
            f"Instead of {_quote(faux[0].text)}, name the feeling underneath. {faux[0].suggestion}"
        )
    if has["thought_as_feeling"]:
        try_instead.append(
            "Say the thought as a thought (\u201cI think \u2026\u201d), then add how you feel."
        )
    if has["blame"]:
        try_instead.append("Describe one specific moment and how it left you, rather than who's at fault.")
    if not parts["feeling"] and not faux:
        try_instead.append("Add how you feel, in one word if you can.")
    if not parts["situation"]:
        try_instead.append("Add when it happens: one specific moment, described without judging it.")
    if not parts["need"]:
        try_instead.append("Add what matters to you underneath (\u201cbecause I need \u2026\u201d).")
    if not parts["request"]:
        try_instead.append("End with a small, doable request (\u201cWould you \u2026?\u201d).")
    return Feedback(
        mode="statement",
        text=text,
        score=round(min(1.0, max(0.0, score)), 2),
        findings=out.sorted(),
        worked=worked,
        try_instead=try_instead,
        missing=missing,
        better=_better_statement(a, out, thoughts, named),
    )


def _better_statement(
    a: _Analysis, out: _Collector, thoughts: list[tuple[int, int, int]], named: _Named
) -> str | None:
    """Rewrite only what can honestly be rewritten: a faux word after "feel" becomes the feelings it
    usually covers, "I feel that..." becomes "I think...", "you make me feel" becomes "I feel"."""
    doc = a.doc
    edits: list[tuple[int, int, str]] = []
    feeling = named.wheel[0] if named.wheel else None
    faux_at = {doc.chars(h.i, h.j): h.entry.word for h in a.hits if h.entry.kind == "faux"}
    for finding in out.of("faux_feeling"):
        faux = a.wheel.faux.get(faux_at.get((finding.span[0], finding.span[1]), ""))
        before = _fold(doc.text[: finding.span[0]]).rstrip()
        if faux is None or not re.search(
            r"(feel|feeling|felt|feels)( really| so| a bit| kind of| very)?$", before
        ):
            continue
        edits.append((finding.span[0], finding.span[1], " and ".join(faux.covers[:2])))
        feeling = feeling or faux.covers[0]
    for start, clause_at, end in thoughts:
        s, e = doc.toks[start].start, doc.toks[clause_at].start
        edits.append((s, e, "i think " if doc.text[s].islower() else "I think "))
        if not feeling:
            tail = doc.toks[end - 1].end
            edits.append((tail, tail, ", and I feel \u2026"))
    for finding in out.of("blame"):
        match = re.match(
            r"(you (?:always |just |really )?)(make|made|are making|keep making) me (feel )?",
            _fold(finding.text),
        )
        if match is not None:
            verb = "felt" if match.group(2) == "made" else "feel"
            edits.append((finding.span[0], finding.span[0] + match.end(), f"I {verb} "))
    edits.sort()
    if not edits or any(s2 < e1 for (_, e1, _), (s2, _, _) in pairwise(edits)):
        return None
    text = doc.text
    for s, e, replacement in reversed(edits):
        if s == 0:
            replacement = replacement[:1].upper() + replacement[1:]
        text = text[:s] + replacement + text[e:]
    return text


def _reply_feedback(text: str, wheel: Wheel, feelings: list[str]) -> Feedback:
    a = _Analysis(text, wheel)
    out = _Collector(a.doc)
    _listening(a, out, feelings)
    has = {kind: out.has(kind) for kind in LISTEN_KINDS}
    # Reflecting the feeling and asking to hear more are what help; each block to that costs.
    score = (
        0.3
        + 0.4 * has["validating"]
        + 0.3 * has["question"]
        - 0.2 * has["fixing"]
        - 0.25 * has["minimising"]
        - 0.2 * has["self_focus"]
    )
    if not text.strip():
        score = 0.0
    worked: list[str] = []
    if has["validating"]:
        worked.append("You reflected what they might be feeling.")
    if has["question"]:
        worked.append("You asked an open question, which invites them to say more.")
    try_instead: list[str] = []
    if has["fixing"]:
        try_instead.append("Hold the advice for now; reflect the feeling first, then ask what they need.")
    if has["minimising"]:
        try_instead.append(_MINIMISE_SUGGESTION)
    if has["self_focus"]:
        try_instead.append("Keep the spotlight on them; your side can wait for later.")
    guess = next((f.lower() for f in feelings if f.lower() in wheel.entries), None)
    if not has["validating"]:
        sayable = guess is not None and wheel.ring(guess) != "core" and not guess.endswith("ing")
        example = f"That sounds really {guess}." if sayable else "It sounds like that really hurt."
        try_instead.append(f"Name what they might feel: \u201c{example}\u201d")
    if not has["question"]:
        try_instead.append("Ask an open question, such as \u201cWhat was that like for you?\u201d")
    better = None
    if (has["fixing"] or has["minimising"] or has["self_focus"]) and not has["validating"]:
        opener = f"It sounds like you're feeling {guess}." if guess else "That sounds really hard."
        better = f"{opener} What was that like for you?"
    return Feedback(
        mode="listen",
        text=text,
        score=round(min(1.0, max(0.0, score)), 2),
        findings=out.sorted(),
        worked=worked,
        try_instead=try_instead,
        missing=[],
        better=better,
    )
