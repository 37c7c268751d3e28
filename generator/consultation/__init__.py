"""Consultation on a draft: comments anchored to its paragraphs.

Where things live::

    spaces/<space>/drafts/<draft>/v1.md, v2.md, ...   one file a version
    spaces/<space>/drafts/<draft>/comments/<id>.md    one comment a file

A version may start with front matter: ``title`` (else its first heading),
``published`` (a date) and ``changes`` (one line on what changed). A comment is a
post (author, affiliation, posted, language, source, hidden, ... as for any
response; its file is named ``<posted>-<author slug>.md``) whose front matter
also says what it answers::

    draft: inclusive-services      # the draft's folder name
    version: 1                     # the version the author read
    paragraph: p-everyone-should-be-3fa9c1   # the paragraph's anchor

Comments live beside their draft rather than in a question folder so that a
draft and all that was said about it move, archive and export together, and no
question page has to leave them out. `generator.consultation.load.comment_path`
gives the path an intake should write.

Modules: ``anchors`` (blocks, the anchor rule, matching versions: its docstring
states the rule), ``model`` (Draft, Version, Comment), ``load`` (reading and
validation), ``review`` (comments placed on a version;
``comments_by_section`` for the summary draft), ``pages`` (the draft pages,
appended to the core's page builders), ``export`` (CSV and Markdown rows).
"""
