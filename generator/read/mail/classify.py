"""Mail no person wrote: bounces, auto-replies, robots; and signs of spam.

A moderator must never find an out-of-office reply proposed as a post, and a
participant's answer must never be dropped because it came through a mailing
list (lists add ``Precedence: bulk`` to every human message too). So the
robot rules look for what only machines send: ``Auto-Submitted``, the
auto-reply headers of Exchange and others, delivery reports, and the sender
names and mailer headers of notification systems.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from email.message import Message

from generator.read.mail.decode import header_text, sender_address, sender_name

# Subject openings of out-of-office replies. A person's answer may well begin
# "Absence of legal pathways ...", so only the clients' fixed phrases count.
AUTO_REPLY_SUBJECT = re.compile(
    r"^\s*(auto(matic)?[ -]?(reply|response|antwort)\b|autoreply\b|auto:"
    r"|out of (the )?office\b|abwesenheitsnotiz|réponse automatique"
    r"|respuesta automática|risposta automatica|resposta automática"
    r"|automatisch antwoord|i am out of the office)", re.IGNORECASE)
BOUNCE_SUBJECT = re.compile(
    r"^\s*(undeliver(able|ed)|delivery (status notification|failure|has failed)"
    r"|mail delivery (failed|failure|subsystem)|returned mail|failure notice"
    r"|non[- ]remis|unzustellbar|no se puede entregar)", re.IGNORECASE)
BOUNCE_SENDER = re.compile(r"^(mailer-daemon|postmaster|mail-daemon)@", re.IGNORECASE)
ROBOT_SENDER = re.compile(
    r"^(no-?reply|do-?not-?reply|donotreply|notifications?|alerts?|bounces?"
    r"|robot|daemon|automailer|jenkins|jira|builds?)([+.@-])", re.IGNORECASE)
ROBOT_NAME = re.compile(
    r"\b(no-?reply|notification(s)? service|repository manager|jenkins|jira"
    r"|build server|bot)\b", re.IGNORECASE)
ROBOT_MAILER = re.compile(
    r"nexus|jenkins|jira|confluence|bugzilla|gitlab|teamcity|redmine"
    r"|phabricator|github", re.IGNORECASE)
SPAM_STATUS = re.compile(r"^\s*yes\b", re.IGNORECASE)


@dataclass(frozen=True)
class Verdict:
    """Why a message is not a person's contribution: a label and a reason."""

    label: str
    reason: str


def robot_verdict(message: Message) -> Verdict | None:
    """A Verdict for a bounce, auto-reply or robot message; None for a person."""
    address = sender_address(message)
    subject = header_text(message, "Subject")
    kind = message.get_content_type()
    auto = str(message.get("Auto-Submitted") or "").strip().lower()
    if kind == "multipart/report" or BOUNCE_SENDER.match(address) or (
            BOUNCE_SUBJECT.match(subject) and not message.get("In-Reply-To")):
        return Verdict("bounce", "a delivery failure report (bounce), not a "
                       "contribution")
    if auto and auto != "no":
        return Verdict("auto-reply", f"sent automatically (Auto-Submitted: {auto})")
    for name in ("X-Autoreply", "X-Autorespond", "X-Auto-Response-Suppress"):
        value = str(message.get(name) or "").strip()
        if value and (name != "X-Auto-Response-Suppress" or "oof" in value.lower()
                      or value.lower() == "all" and AUTO_REPLY_SUBJECT.match(subject)):
            return Verdict("auto-reply", f"an automatic reply ({name}: {value})")
    precedence = str(message.get("Precedence") or "").strip().lower()
    if precedence in ("junk", "auto_reply") or AUTO_REPLY_SUBJECT.match(subject):
        return Verdict("auto-reply", "an automatic reply (out of office or "
                       f"similar; subject {subject!r})")
    mailer = " ".join(str(message.get(h) or "") for h in (
        "X-Mailer", "X-EMailer-Mail-Sender", "User-Agent", "X-Generated-By"))
    name = sender_name(message)
    if ROBOT_SENDER.match(address) or ROBOT_NAME.search(name) or (
            message.get("X-EMailer-Mail-Sender") or (
                mailer.strip() and ROBOT_MAILER.search(mailer))):
        shown = name or address.split("@")[0]
        return Verdict("robot", f"sent by an automated system ({shown}), not a "
                       "person")
    return None


def spam_signals(message: Message) -> list[str]:
    """Spam indications a moderator should see; empty when there are none."""
    signals: list[str] = []
    if SPAM_STATUS.match(str(message.get("X-Spam-Flag") or "")):
        signals.append("X-Spam-Flag: YES")
    status = str(message.get("X-Spam-Status") or "")
    if SPAM_STATUS.match(status):
        signals.append("X-Spam-Status: " + " ".join(status.split())[:60])
    level = str(message.get("X-Spam-Level") or "").strip()
    if level.count("*") >= 5:
        signals.append(f"X-Spam-Level: {len(level)} stars")
    results = " ".join(str(v) for v in message.get_all("Authentication-Results") or [])
    for check in ("spf", "dkim", "dmarc"):
        if re.search(rf"\b{check}=(fail|softfail)\b", results, re.IGNORECASE):
            signals.append(f"{check.upper()} failed")
    return signals
