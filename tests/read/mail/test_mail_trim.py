"""Quote and signature removal on reply styles the fixtures do not cover."""

from __future__ import annotations

import pytest

from generator.read.mail.trim import affiliation_from_signature, trim_reply

OUTLOOK = """\
Our ministry supports the proposal.

Best regards,
Kofi Mensah

From: Lea Lead <lea@hub.example>
Sent: Tuesday, March 2, 2027 10:00 AM
To: Kofi Mensah <kofi@mol.example>
Subject: Climate and mobility

Dear all, what works?
"""
SPANISH = """\
Estamos de acuerdo.

El mar., 2 mar. 2027 a las 10:00, Lea Lead (<lea@hub.example>) escribió:
> ¿Qué funciona?
"""
FRENCH_PHONE = """\
Nous avons trois exemples.

Envoyé de mon iPhone

> Le 2 mars 2027 à 10:00, Lea Lead a écrit :
"""
# The signature delimiter is "-- " with its trailing space.
SIGNATURE = ("Relocation must be voluntary.\n\n-- \nAmina Diallo\n"
             "Ministry of Labour, Ghana\n+233 30 266 4000\n")
OUTLOOK_FR = """\
Nous soutenons la proposition.

De : Lea Lead <lea@hub.example>
Envoyé : mardi 2 mars 2027 10:00
À : Kofi Mensah
Objet : Climat et mobilité

Chers collègues,
"""
ARABIC = """\
نحن نتفق مع المسودة.

في الثلاثاء، ٢ مارس ٢٠٢٧ ١٠:٠٠ ص، كتب Lea Lead <lea@hub.example>:
> ما الذي ينجح؟
"""
CHINESE = """\
我们同意。

Lea Lead <lea@hub.example> 于2027年3月2日周二 10:00写道：
> 什么有效？
"""
INLINE = """\
On Tue, 2 Mar 2027 at 10:00, Lea Lead <lea@hub.example> wrote:
> First question?

Yes, in two districts.

> Second question?

Not yet.
"""


@pytest.mark.parametrize("text, expected", [
    (OUTLOOK, "Our ministry supports the proposal."),
    (SPANISH, "Estamos de acuerdo."),
    (OUTLOOK_FR, "Nous soutenons la proposition."),
    (ARABIC, "نحن نتفق مع المسودة."),
    (CHINESE, "我们同意。"),
    (FRENCH_PHONE, "Nous avons trois exemples."),
    (SIGNATURE, "Relocation must be voluntary."),
    (INLINE, "Yes, in two districts.\n\nNot yet."),
])
def test_reply_styles(text: str, expected: str) -> None:
    assert trim_reply(text).text == expected


def test_signature_gives_the_affiliation() -> None:
    trimmed = trim_reply(SIGNATURE)
    assert trimmed.signature == ["Amina Diallo", "Ministry of Labour, Ghana",
                                 "+233 30 266 4000"]
    assert affiliation_from_signature(trimmed.signature) == "Ministry of Labour, Ghana"


def test_a_sentence_ending_in_wrote_is_kept() -> None:
    text = "The minister wrote:\nwe will act.\n"
    assert trim_reply(text).text == "The minister wrote:\nwe will act."


def test_outlook_web_html_reply_loses_the_earlier_message() -> None:
    from generator.read.mail.extract import html_to_markdown

    html = (
        '<div dir="ltr">We agree with the <i>draft</i>.</div>'
        '<div id="appendonsend"></div><hr style="width:98%">'
        '<div id="divRplyFwdMsg"><b>From:</b> Lea Lead &lt;lea@hub.example&gt;<br>'
        "<b>Sent:</b> Tuesday, March 2, 2027 10:00<br><b>To:</b> Kofi<br>"
        "<b>Subject:</b> Draft</div><div>Dear all, please comment.</div>")
    assert html_to_markdown(html) == "We agree with the *draft*."


def test_markdown_header_block_from_converted_html_is_cut() -> None:
    text = ("We agree.\n\n**From:** Lea <l@hub.example>\n**Sent:** Tuesday\n"
            "**To:** Kofi\n**Subject:** Draft\n\nOld text")
    assert trim_reply(text).text == "We agree."
