"""Reading the free text a proposer writes: periods, languages, people, contacts.

The network's template asks for prose ("2 to 23 March 2027 (three weeks)",
"English, French"), so these readers accept the common ways of writing each
value and return None or an empty list when they cannot, never a guess.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from generator.proposals import Contact, Moderator

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan", "janvier", "enero"),
            ("february", "feb", "février", "fevrier", "febrero"),
            ("march", "mar", "mars", "marzo"),
            ("april", "apr", "avril", "abril"),
            ("may", "mai", "mayo"),
            ("june", "jun", "juin", "junio"),
            ("july", "jul", "juillet", "julio"),
            ("august", "aug", "août", "aout", "agosto"),
            ("september", "sep", "sept", "septembre", "septiembre"),
            ("october", "oct", "octobre", "octubre"),
            ("november", "nov", "novembre", "noviembre"),
            ("december", "dec", "décembre", "decembre", "diciembre"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = r"(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")"
_TO = r"\s*(?:to|until|till|through|au|al|-|–|—)\s*"
# "2 to 23 March 2027", "2 March to 23 April 2027", "2 March 2027 to 1 April 2027"
_RANGE = re.compile(
    rf"(?P<d1>\d{{1,2}})(?:\s+(?P<m1>{_MONTH}))?(?:\s+(?P<y1>\d{{4}}))?{_TO}"
    rf"(?P<d2>\d{{1,2}})\s+(?P<m2>{_MONTH})\s+(?P<y2>\d{{4}})", re.I)
_ISO_RANGE = re.compile(r"(\d{4}-\d{2}-\d{2}){to}(\d{{4}}-\d{{2}}-\d{{2}})"
                        .replace("{to}", _TO))
_STATED = re.compile(r"(\d+|one|two|three|four|five|six)\s+(week|day)s?", re.I)
_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
_KICKOFF = re.compile(
    rf"kick-?\s?off\b[^.;]*?\bon\s+(?P<d>\d{{1,2}})\s+(?P<m>{_MONTH})\s+(?P<y>\d{{4}})"
    r"(?:\s+at\s+(?P<h>\d{1,2})[:.h](?P<min>\d{2}))?"
    r"(?:\s+(?P<city>[A-Z][\w ]*?)\s+time)?",
    re.I)

# Cities proposers name for a time ("14:00 Geneva time") and their IANA zones.
CITY_ZONES = {
    "geneva": "Europe/Zurich", "genève": "Europe/Zurich", "zurich": "Europe/Zurich",
    "brussels": "Europe/Brussels", "paris": "Europe/Paris", "london": "Europe/London",
    "new york": "America/New_York", "nairobi": "Africa/Nairobi",
    "dakar": "Africa/Dakar", "bangkok": "Asia/Bangkok", "cairo": "Africa/Cairo",
    "panama": "America/Panama", "utc": "UTC", "gmt": "UTC",
}

LANGUAGE_NAMES = {
    "english": "en", "anglais": "en", "inglés": "en", "ingles": "en",
    "french": "fr", "français": "fr", "francais": "fr", "francés": "fr",
    "spanish": "es", "espagnol": "es", "español": "es", "espanol": "es",
    "arabic": "ar", "arabe": "ar", "árabe": "ar",
    "portuguese": "pt", "portugais": "pt", "portugués": "pt",
    "russian": "ru", "russe": "ru", "ruso": "ru",
    "chinese": "zh", "chinois": "zh", "chino": "zh",
}
LANGUAGE_CODES = set(LANGUAGE_NAMES.values())

EMAIL = re.compile(r"^[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*"
                   r"\.[A-Za-z]{2,}$")
_EMAIL_ATTEMPT = re.compile(r"@|\(at\)|\[at\]|\sat\s|\bemail\b|\bmail\b", re.I)
_HONORIFIC = re.compile(r"^(?:dr|prof|mr|mrs|ms|mx|h\.?e)\.?\s+", re.I)


@dataclass(frozen=True)
class Period:
    """The first and last day a proposal gives for its discussion."""

    first: dt.date
    last: dt.date

    @property
    def days(self) -> int:
        """Length as the difference of the dates: 2 to 23 March is 21 days."""
        return (self.last - self.first).days

    def __str__(self) -> str:
        return f"{self.first:%-d %B %Y} to {self.last:%-d %B %Y}"


def read_period(text: str) -> Period | None:
    """The first date range in ``text``, or None when it names none."""
    iso = _ISO_RANGE.search(text)
    if iso:
        try:
            first, last = (dt.date.fromisoformat(g) for g in iso.groups())
        except ValueError:
            return None
        return Period(first, last)
    match = _RANGE.search(text)
    if not match:
        return None
    year2, month2 = int(match["y2"]), MONTHS[match["m2"].lower()]
    month1 = MONTHS[match["m1"].lower()] if match["m1"] else month2
    year1 = int(match["y1"]) if match["y1"] else year2
    if not match["y1"] and month1 > month2:
        year1 -= 1  # "15 December to 5 January 2028" starts the year before
    try:
        return Period(dt.date(year1, month1, int(match["d1"])),
                      dt.date(year2, month2, int(match["d2"])))
    except ValueError:
        return None


_DATE = re.compile(rf"(?P<d>\d{{1,2}})\s+(?P<m>{_MONTH})\s+(?P<y>\d{{4}})", re.I)


def read_timing(text: str) -> Period | None:
    """A date range, or else a start date and a duration ("from 3 May 2027",
    "3 weeks") as the period they make."""
    period = read_period(text)
    if period is not None:
        return period
    start, days = _DATE.search(text), stated_days(text)
    if start is None or days is None:
        return None
    try:
        first = dt.date(int(start["y"]), MONTHS[start["m"].lower()], int(start["d"]))
    except ValueError:
        return None
    return Period(first, first + dt.timedelta(days=days))


def stated_days(text: str) -> int | None:
    """A duration written in words or digits ("three weeks", "20 days")."""
    match = _STATED.search(text)
    if not match:
        return None
    amount = match[1].lower()
    count = _NUMBERS.get(amount) or int(amount)
    return count * 7 if match[2].lower() == "week" else count


@dataclass(frozen=True)
class Kickoff:
    """A kick-off meeting named in the timing: its local time and zone, if given."""

    start: dt.datetime
    zone: str


def read_kickoff(text: str) -> Kickoff | None:
    """"kick-off webinar on 2 March 2027 at 14:00 Geneva time", read."""
    match = _KICKOFF.search(text)
    if not match:
        return None
    hour, minute = int(match["h"] or 14), int(match["min"] or 0)
    try:
        start = dt.datetime(int(match["y"]), MONTHS[match["m"].lower()],
                            int(match["d"]), hour, minute)
    except ValueError:
        return None
    city = (match["city"] or "").strip().lower()
    return Kickoff(start, CITY_ZONES.get(city, ""))


def zone_for(*texts: str) -> str:
    """The IANA zone of the first known city named in ``texts``, or ''."""
    for text in texts:
        lowered = text.lower()
        for city, zone in CITY_ZONES.items():
            if re.search(rf"\b{re.escape(city)}\b", lowered):
                return zone
    return ""


def language_code(name: str) -> str | None:
    """'French', 'français' or 'fr' -> 'fr'; None for a language we do not know."""
    key = name.strip().strip(".").lower()
    if key in LANGUAGE_CODES:
        return key
    return LANGUAGE_NAMES.get(key)


def split_list(text: str) -> list[str]:
    """Items of a list written on lines, or separated by ';', ',' or 'and'."""
    items = []
    for line in text.replace("\n", ";").split(";"):
        line = re.sub(r"^\s*[-*•]\s*", "", line)
        items.extend(re.split(r",|\band\b|\bet\b|\by\b|/", line))
    return [item.strip() for item in items if item.strip()]


def read_moderators(text: str) -> list[Moderator]:
    """'Dr. A (lead, economist); B (union)' -> moderators with notes and the lead."""
    moderators = []
    lines = text.replace("\n", " ") if ";" in text else text
    for item in re.split(r";|\n", lines):
        item = re.sub(r"^\s*[-*•]\s*", "", item).strip().rstrip(".")
        if not item:
            continue
        name, _, rest = item.partition("(")
        note = rest.rsplit(")", 1)[0].strip()
        lead = bool(re.match(r"lead\b", note, re.I))
        if lead:
            note = re.sub(r"^lead\b[,;:]?\s*", "", note, flags=re.I)
        moderators.append(Moderator(name=name.strip(), note=note, lead=lead))
    return moderators


def person_handle_name(name: str) -> str:
    """A moderator's name without an honorific, the basis of their handle."""
    return _HONORIFIC.sub("", name.strip())


def read_contact(text: str) -> Contact:
    """'Name, title, email, location' -> a Contact; a bad address is kept aside."""
    parts = [p.strip() for p in text.replace("\n", " ").split(",") if p.strip()]
    if not parts:
        return Contact()
    at = next((i for i, part in enumerate(parts) if EMAIL.match(part)), None)
    attempt = at
    if attempt is None:
        attempt = next((i for i, part in enumerate(parts[1:], 1)
                        if _EMAIL_ATTEMPT.search(part)), None)
    contact = Contact(name=parts[0])
    if attempt is None:
        contact.title = parts[1] if len(parts) > 1 else ""
        contact.location = ", ".join(parts[2:])
        return contact
    contact.title = ", ".join(parts[1:attempt])
    contact.location = ", ".join(parts[attempt + 1:])
    if at is not None:
        contact.email = parts[at]
    else:
        contact.unusable_email = parts[attempt]
    return contact


def word_count(text: str) -> int:
    """Words as a reader counts them: runs of letters or digits, hyphens kept."""
    return len(re.findall(r"[^\W_]+(?:['’-][^\W_]+)*", text))
