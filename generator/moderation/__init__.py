"""Moderation toolkit: who waits for a reply, momentum figures, spam signals, queue.

The analysis here reads the typed content model at one instant ``now`` and knows
nothing of MkDocs; the command line (generator.cli.moderation) and the site's
moderators' page (generator.moderation.site_pages) draw the same figures.
"""
