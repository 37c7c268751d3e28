"""Spam signals behind one scoring function.

``score(text, context=...)`` looks at one submission and returns a SpamReport:
every signal with its measured value, its threshold, whether it fired and why.
The report never rejects anything. A submission whose weighted score reaches
``hold_at`` is *held*: it stays in the queue with the reasons for a moderator to
read, exactly like any other pending submission; nothing is dropped silently.

Signals (each threshold is a key of the ``spam`` entry of the spaces plugin in
mkdocs.yml, see SpamThresholds):

- link density: links per 100 words, once a post has at least ``min_links``;
  advertising is mostly links, practice examples cite one or two sources.
- known phrases: phrases that appear in spam and not in policy discussion.
- repeated text: the share of the post's five-word runs already found in one
  other post; the same text pasted into several threads is the usual pattern.
- brand-new account: a GitHub account younger than ``new_account_days`` when
  it submitted (unknown for email, where the signal is not evaluated).
- mismatched language: the text reads as another language than the one declared,
  or as one the space does not take.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields
from functools import lru_cache
from typing import Any

from generator.config import Settings
from generator.model import Site, Space

DEFAULT_PHRASES = (
    "buy now", "click here", "limited time offer", "free money", "earn money fast",
    "work from home", "casino", "viagra", "crypto investment", "forex signals",
    "guaranteed profit", "seo services", "backlinks", "loan offer",
    "whatsapp me", "dm me for", "100% free",
)

# Short, frequent function words; enough to tell the site's languages apart in a
# paragraph, and a post shorter than MIN_LANGUAGE_WORDS is not judged at all.
STOPWORDS: dict[str, frozenset[str]] = {
    "en": frozenset("the and of to in is that for with are this was on it be we "
                    "have not they by from at which or has an our their".split()),
    "fr": frozenset("le la les et des du un une est que pour dans qui sur pas nous "
                    "avec au aux ce sont ont leur mais par".split()),
    "es": frozenset("el la los las y de que en un una es por para con del se no "
                    "al lo como más sus pero son".split()),
    "de": frozenset("der die das und ist nicht mit den von zu auf für des dem "
                    "eine ein sich auch wir sind".split()),
    "pt": frozenset("o os e de do da das dos que em um uma para com não no na por "
                    "se ao são mais".split()),
}
MIN_LANGUAGE_WORDS = 12

__all__ = ["SpamContext", "SpamReport", "SpamSettingsError", "SpamThresholds",
           "Signal", "detect_language", "score", "space_context"]

LINK = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?", re.UNICODE)
SIGNALS = ("link_density", "phrases", "repeated_text", "new_account", "language")


class SpamSettingsError(ValueError):
    """The ``spam`` settings name an unknown threshold or give a wrong value;
    ``args`` holds one message per wrong key."""

    def __str__(self) -> str:
        return "; ".join(str(a) for a in self.args)


@dataclass(frozen=True)
class SpamThresholds:
    """Where each signal fires, and how much it weighs; set in mkdocs.yml under
    ``plugins: - spaces: spam: {...}`` with these names."""

    links_per_100_words: float = 4.0
    min_links: int = 3
    phrases: tuple[str, ...] = DEFAULT_PHRASES
    repeated_share: float = 0.6
    new_account_days: int = 7
    hold_at: float = 1.0
    weights: Mapping[str, float] = field(default_factory=lambda: {
        "link_density": 0.6, "phrases": 0.6, "repeated_text": 0.6,
        "new_account": 0.4, "language": 0.4,
    })

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any] | None) -> "SpamThresholds":
        """Thresholds from the settings' ``spam`` mapping, defaults for the rest.

        Raises SpamSettingsError naming the key for an unknown name or bad value.
        """
        values = dict(values or {})
        known = {f.name: f for f in fields(cls)}
        default = cls()
        chosen: dict[str, Any] = {}
        wrong: list[str] = []
        for key, value in values.items():
            try:
                if key not in known:
                    raise SpamSettingsError(
                        f"spam.{key}: unknown setting; known: {', '.join(known)}")
                chosen[key] = _checked(key, value, getattr(default, key))
            except SpamSettingsError as exc:
                wrong.append(str(exc))
        if wrong:
            raise SpamSettingsError(*wrong)
        if "weights" in chosen:
            chosen["weights"] = {**default.weights, **chosen["weights"]}
        return cls(**chosen)


def _checked(key: str, value: Any, default: Any) -> Any:
    if isinstance(default, tuple):
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise SpamSettingsError(f"spam.{key}: expected a list of phrases")
        return tuple(v.casefold() for v in value)
    if isinstance(default, Mapping):
        if not isinstance(value, dict) or not set(value) <= set(SIGNALS):
            raise SpamSettingsError(f"spam.{key}: expected weights for "
                                    + ", ".join(SIGNALS))
        return {k: float(v) for k, v in value.items()}
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise SpamSettingsError(f"spam.{key}: expected a number, got {value!r}")
    return type(default)(value)


@dataclass(frozen=True)
class SpamContext:
    """What the scorer knows besides the text itself.

    ``others`` maps a label (a post id) to the text of posts to compare with;
    ``declared_language`` is what the contributor chose; ``space_languages`` are
    the space's languages; ``account_created`` and ``submitted`` date the
    contributor's forge account and the submission (None when unknown).
    """

    others: Mapping[str, str] = field(default_factory=dict)
    declared_language: str = ""
    space_languages: Sequence[str] = ()
    account_created: dt.datetime | None = None
    submitted: dt.datetime | None = None
    thresholds: SpamThresholds = field(default_factory=SpamThresholds)


@dataclass(frozen=True)
class Signal:
    """One signal's measurement and verdict, with a sentence a moderator reads."""

    name: str
    value: float | None
    threshold: float
    fired: bool
    weight: float
    explanation: str


@dataclass(frozen=True)
class SpamReport:
    """The score of one submission: the signals, their weighted sum, and whether
    the submission is held for a moderator's closer look (never rejected)."""

    signals: tuple[Signal, ...]
    score: float
    hold_at: float

    @property
    def held(self) -> bool:
        return self.score >= self.hold_at

    @property
    def reasons(self) -> list[str]:
        """The explanations of the signals that fired."""
        return [s.explanation for s in self.signals if s.fired]

    def as_json(self) -> dict[str, Any]:
        return {
            "score": round(self.score, 3), "hold_at": self.hold_at, "held": self.held,
            "signals": {s.name: {"value": s.value, "threshold": s.threshold,
                                 "fired": s.fired, "weight": s.weight,
                                 "explanation": s.explanation}
                        for s in self.signals},
        }


def score(text: str, *, context: SpamContext | None = None) -> SpamReport:
    """Score ``text`` on every signal; see the module docstring for the signals."""
    context = context or SpamContext()
    limits = context.thresholds
    words = WORD.findall(LINK.sub(" ", text))
    signals = (
        _link_density(text, words, limits),
        _phrases(text, limits),
        _repeated(words, context.others, limits),
        _new_account(context, limits),
        _language(words, context, limits),
    )
    total = float(sum(s.weight for s in signals if s.fired))
    return SpamReport(signals, round(total, 6), limits.hold_at)


def _link_density(text: str, words: list[str], limits: SpamThresholds) -> Signal:
    links = len(LINK.findall(text))
    density = round(100 * links / max(len(words), 1), 2)
    fired = links >= limits.min_links and density > limits.links_per_100_words
    return Signal("link_density", density, limits.links_per_100_words, fired,
                  limits.weights["link_density"],
                  f"{links} links in {len(words)} words: {density} per 100 words "
                  f"(fires above {limits.links_per_100_words} with at least "
                  f"{limits.min_links} links)")


def _phrases(text: str, limits: SpamThresholds) -> Signal:
    folded = " ".join(text.casefold().split())
    found = [p for p in limits.phrases if p in folded]
    explanation = ("known spam phrases: " + ", ".join(repr(p) for p in found)
                   if found else "no known spam phrase")
    return Signal("phrases", float(len(found)), 1, bool(found),
                  limits.weights["phrases"], explanation)


def _shingles(words: list[str], size: int = 5) -> frozenset[int]:
    """The text's runs of ``size`` words, as hashes: comparing integers is what
    keeps scoring against a thousand posts fast (tuples rehash on every lookup)."""
    folded = [w.casefold() for w in words]
    return frozenset(hash(tuple(folded[i:i + size]))
                     for i in range(len(folded) - size + 1))


@lru_cache(maxsize=4096)
def _text_shingles(text: str) -> frozenset[int]:
    # The queue scores every pending post against every published one: the
    # published posts' runs are worked out once.
    return _shingles(WORD.findall(LINK.sub(" ", text)))


def _repeated(words: list[str], others: Mapping[str, str],
              limits: SpamThresholds) -> Signal:
    mine = _shingles(words)
    best, where = 0.0, ""
    if len(mine) >= 3:
        for label, other in others.items():
            shared = len(mine & _text_shingles(other))
            if shared / len(mine) > best:
                best, where = shared / len(mine), label
    best = round(best, 2)
    fired = best >= limits.repeated_share
    explanation = (f"{best:.0%} of its five-word runs also appear in {where}"
                   if where else "no text in common with other posts")
    return Signal("repeated_text", best, limits.repeated_share, fired,
                  limits.weights["repeated_text"], explanation)


def _new_account(context: SpamContext, limits: SpamThresholds) -> Signal:
    weight = limits.weights["new_account"]
    if context.account_created is None or context.submitted is None:
        return Signal("new_account", None, limits.new_account_days, False, weight,
                      "account age unknown (not a forge submission)")
    age = (context.submitted - context.account_created) / dt.timedelta(days=1)
    age = round(max(age, 0.0), 1)
    fired = age < limits.new_account_days
    return Signal("new_account", age, limits.new_account_days, fired, weight,
                  f"account {age} days old when it submitted (fires under "
                  f"{limits.new_account_days} days)")


def detect_language(words: list[str]) -> tuple[str, float]:
    """The language whose function words the text uses most, with that share of
    its words; ('', 0.0) when the text is too short or reads as none of them."""
    if len(words) < MIN_LANGUAGE_WORDS:
        return "", 0.0
    folded = [w.casefold() for w in words]
    shares = {lang: sum(1 for w in folded if w in stop) / len(folded)
              for lang, stop in STOPWORDS.items()}
    ranked = sorted(shares.items(), key=lambda item: -item[1])
    (best, share), (_, second) = ranked[0], ranked[1]
    # A clear winner only: shared words ("de", "la") blur close languages.
    if share < 0.08 or share < 1.5 * second:
        return "", round(share, 3)
    return best, round(share, 3)


def _language(words: list[str], context: SpamContext,
              limits: SpamThresholds) -> Signal:
    weight = limits.weights["language"]
    detected, share = detect_language(words)
    declared = context.declared_language.split("-")[0]
    if not detected:
        return Signal("language", None, 0, False, weight,
                      "language not judged (text too short or unclear)")
    if declared and detected != declared:
        return Signal("language", share, 0, True, weight,
                      f"declared {declared!r} but reads as {detected!r}")
    if context.space_languages and detected not in context.space_languages:
        return Signal("language", share, 0, True, weight,
                      f"reads as {detected!r}, not one of the space's languages "
                      f"({', '.join(context.space_languages)})")
    return Signal("language", share, 0, False, weight, f"reads as {detected!r}")


def space_context(site: Site, space: Space, settings: Settings, *,
                  language: str = "", submitted: dt.datetime | None = None,
                  account_created: dt.datetime | None = None,
                  exclude: str = "") -> SpamContext:
    """The context of a submission to ``space``: every post of the site (but the
    one with id ``exclude``) to compare with, and the configured thresholds."""
    others = {f"{p.space}/{p.question}/{p.id}": p.body for p in site.posts()
              if p.id != exclude}
    return SpamContext(others=others, declared_language=language,
                       space_languages=tuple(space.languages),
                       account_created=account_created, submitted=submitted,
                       thresholds=SpamThresholds.from_mapping(settings.spam))
